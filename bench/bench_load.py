"""Load: the running site under realistic traffic, one machine (smoke: a few seconds of each).

For the embedded default (SQLite, one web process) and production mode (PostgreSQL + Redis, two
web processes, a task worker and the scheduler), each on `vermilion demo --scale` (100,000 notes,
about 10,000 people and 1,000,000 interactions; smoke 500 notes):

1. Throughput of single routes with wrk (note detail, following feed, discover), at rising numbers
   of connections: requests per second, p50/p99, errors.
2. A realistic mix with locust (browse discover and following, open notes and comments, like,
   collect, comment, search, post), after a short warm-up, stepping up readers: the highest rate served with p99 under
   300 ms and no errors, p50/p99 per route, task queue lag, and which processes were busiest.
3. The surge: newcomers signing up and posting to one topic rise tenfold while readers browse; the
   task worker is killed halfway and started again; afterwards every accepted note, like, collect,
   comment and sign-up is looked up in the database, every accepted note must have been indexed
   (no task lost), and the time for the queue lag to fall under 10 s is reported.
4. Production only (full run): PostgreSQL and then Redis restarted under load; errors by second.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
PY = sys.executable


# --- the seeded community (run in a child process with the mode's settings) ---------------------

def seed(notes: int, fixture_path: str) -> None:
    """The realistic community of `vermilion demo --scale N`, and what the load needs from it:
    tokens of 300 readers (from the middle of the follower distribution: they follow people and
    have a history), note ids, topic names and queries."""
    import django

    django.setup()
    import random

    from django.core.management import call_command
    from django.db import connection

    from vermilion.accounts.models import User
    from vermilion.accounts.tokens import issue_token
    from vermilion.demo.scale import USERNAME_PREFIX, load_scale
    from vermilion.kit.segment import cut
    from vermilion.notes.models import Note, Topic

    call_command("migrate", verbosity=0)
    load_scale(notes, seed=7, log=lambda line: None)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    people = list(User.objects.filter(username__startswith=USERNAME_PREFIX).order_by("pk").values_list("pk", flat=True))
    chosen = random.Random(3).sample(people, min(2000, len(people)))
    readers = list(User.objects.filter(pk__in=chosen[:300]))
    tokens = [issue_token(user, "load") for user in readers]
    # Readers who arrive cold (locustfile.COLD_SHARE): each token is used by one simulated reader.
    cold = list(User.objects.filter(pk__in=chosen[300:]))
    cold_tokens = [issue_token(user, "load") for user in cold]
    # Words of the notes themselves, for searches nobody made before (the long tail).
    vocabulary: set[str] = set()
    for title in Note.objects.order_by("?").values_list("title", flat=True)[:3000]:
        vocabulary.update(w for w in cut(title) if len(w.strip()) > 1 and not w.isdigit())
    fixture = {
        "tokens": tokens,
        "cold_tokens": cold_tokens,
        "vocabulary": sorted(vocabulary)[:5000],
        "token_users": {token: user.pk for token, user in zip(tokens + cold_tokens, readers + cold, strict=True)},
        "token_languages": {token: user.ui_language for token, user in zip(tokens, readers, strict=True)},
        "note_ids": [str(pk) for pk in Note.objects.order_by("-pk").values_list("pk", flat=True)[:5000]],
        "topics": list(Topic.objects.order_by("-notes_count").values_list("name", flat=True)[:50]),
        "queries": ["咖啡", "火锅", "猫", "好吃", "质量", "coffee", "hotpot", "cat", "hiking in London", "性价比",
                    "OOTD 穿搭", "budget guide", "小籠包", "服务", "价格", "guitar", "包"],
        "comments": ["好看！", "求链接", "Love this!", "cat tax paid 🐱", "学到了", "Where is this?"],
        "surge_topic": "tiktokrefugee",
    }
    Path(fixture_path).write_text(json.dumps(fixture), encoding="utf-8")


def verify(ledger_path: str, fixture_path: str) -> dict[str, Any]:
    """Every write the site accepted (the ledger) is in the database; every accepted note was
    indexed for search and embedded for the feed (its tasks ran)."""
    import django

    django.setup()
    from vermilion.accounts.models import User
    from vermilion.feed.models import NoteEmbedding
    from vermilion.notes.models import Collect, Comment, Like, Note
    from vermilion.search.models import SearchDocument

    users = json.loads(Path(fixture_path).read_text("utf-8"))["token_users"]
    accepted: dict[str, list[dict[str, Any]]] = {}
    if Path(ledger_path).exists():
        for line in Path(ledger_path).read_text("utf-8").splitlines():
            row = json.loads(line)
            accepted.setdefault(row["kind"], []).append(row)
    notes = {int(r["id"]) for r in accepted.get("note", [])}
    likes = {(users[r["token"]], int(r["note"])) for r in accepted.get("like", [])}
    collects = {(users[r["token"]], int(r["note"])) for r in accepted.get("collect", [])}
    comments = {int(r["id"]) for r in accepted.get("comment", [])}
    names = {r["username"] for r in accepted.get("user", [])}
    found_likes = {(u, n) for u, n in Like.objects.filter(note_id__in={n for _, n in likes}).values_list("user_id", "note_id")}
    found_collects = set(Collect.objects.filter(note_id__in={n for _, n in collects}).values_list("user_id", "note_id"))
    return {
        "accepted": {"notes": len(notes), "likes": len(likes), "collects": len(collects), "comments": len(comments),
                     "signups": len(names)},
        "missing": {
            "notes": len(notes - set(Note.objects.filter(pk__in=notes).values_list("pk", flat=True))),
            "likes": len(likes - found_likes),
            "collects": len(collects - found_collects),
            "comments": len(comments - set(Comment.objects.filter(pk__in=comments).values_list("pk", flat=True))),
            "signups": len(names - set(User.objects.filter(username__in=names).values_list("username", flat=True))),
        },
        "notes_not_indexed": len(notes - set(SearchDocument.objects.filter(note_id__in=notes).values_list("note_id", flat=True))),
        "notes_not_embedded": len(notes - set(NoteEmbedding.objects.filter(note_id__in=notes).values_list("note_id", flat=True))),
    }


# --- the site under test ----------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Site:
    """Web processes, a task worker and the scheduler for one mode, in a throw-away data dir."""

    def __init__(self, mode: str, smoke: bool) -> None:
        self.mode, self.smoke = mode, smoke
        self.dir = Path(tempfile.mkdtemp(prefix=f"vermilion-load-{mode}-"))
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database = f"vermilion_load_{os.getpid()}"
        self.env = {**os.environ, "VERMILION_DATA_DIR": str(self.dir), "VERMILION_PORT": str(self.port),
                    "VERMILION_LOG_LEVEL": "warning",
                    "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE.parent), os.environ.get("PYTHONPATH")])),
                    # The load comes from one address; a surge comes from many. Limits per address
                    # are tested elsewhere, so here they are out of the way.
                    "VERMILION_SIGNUP_RATE": "1000000", "VERMILION_LOGIN_RATE": "1000000",
                    "VERMILION_UPLOAD_RATE": "1000000", "VERMILION_TASK_STALE_SECONDS": "20"}
        self.env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        if mode == "production":
            from .runner import _admin

            _admin(f'CREATE DATABASE "{self.database}"')
            self.env.update(DJANGO_SETTINGS_MODULE="vermilion.settings.production", VERMILION_SECRET_KEY="load-bench",  # noqa: S106 - a throw-away site
                            DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{self.database}",
                            REDIS_URL="redis://127.0.0.1:6379/12", VERMILION_HTTPS="false",
                            VERMILION_WEB_PROCESSES=os.environ.get("BENCH_LOAD_WEB_PROCESSES", "4"),
                            VERMILION_DB_POOL_SIZE="8")
            import redis

            redis.Redis.from_url(self.env["REDIS_URL"]).flushdb()
        else:
            self.env.update(DJANGO_SETTINGS_MODULE="vermilion.settings.embedded", VERMILION_WEB_PROCESSES="1")
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.fixture = str(self.dir / "fixture.json")

    def seed(self, notes: int) -> float:
        """Seed the community, or copy one seeded earlier (BENCH_LOAD_SEEDED, see `prepare`): the
        seeding takes minutes and measures nothing the load phases need."""
        started = time.perf_counter()
        kept = Path(os.environ.get("BENCH_LOAD_SEEDED", "")) / self.mode
        if os.environ.get("BENCH_LOAD_SEEDED") and (kept / "notes").exists() and int((kept / "notes").read_text()) == notes:
            shutil.copytree(kept / "data", self.dir, dirs_exist_ok=True)
            if self.mode == "production":
                from .runner import _admin

                _admin(f'DROP DATABASE "{self.database}"')
                _admin(f'CREATE DATABASE "{self.database}" TEMPLATE "{(kept / "database").read_text()}"')
            # Seeded by an earlier version, perhaps: bring its schema up to this one's.
            subprocess.run([PY, "-m", "vermilion.cli", "migrate", "--no-input", "-v", "0"], env=self.env, check=True,
                           cwd=self.dir, timeout=1800)
        else:
            subprocess.run([PY, "-m", "bench.bench_load", "--seed", str(notes), self.fixture], env=self.env, check=True,
                           cwd=HERE.parent, timeout=3600)
        return time.perf_counter() - started

    def keep(self, folder: Path, notes: int) -> None:
        """Keep this seeded site for later runs: its data dir, and its database as a template."""
        target = folder / self.mode
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(self.dir, target / "data")
        if self.mode == "production":
            from .runner import _admin

            name = f"vermilion_load_seeded_{notes}"
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            _admin(f'ALTER DATABASE "{self.database}" RENAME TO "{name}"')
            _admin(f'CREATE DATABASE "{self.database}"')  # down() drops this one
            (target / "database").write_text(name)
        (target / "notes").write_text(str(notes))

    def start(self, what: str) -> None:
        log = open(self.dir / f"{what}.log", "ab")  # noqa: SIM115 - lives as long as the process
        self.processes[what] = subprocess.Popen([PY, "-m", "vermilion.cli", what], env=self.env, cwd=self.dir,
                                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def stop(self, what: str, sig: int = signal.SIGTERM) -> None:
        process = self.processes.pop(what, None)
        if process is None:
            return
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def up(self) -> None:
        for what in ("serve", "worker", "periodic"):
            self.start(what)
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=5) as response:  # noqa: S310 - our own site
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError("the site did not come up: " + (self.dir / "serve.log").read_text()[-2000:])

    def health(self) -> dict[str, Any]:
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=10) as response:  # noqa: S310
                return dict(json.loads(response.read()))
        except Exception as exc:
            return {"status": "unreachable", "error": str(exc)}

    def errors(self) -> list[str]:
        """The last lines of each traceback the site's processes logged (they must be none)."""
        found = []
        for log in sorted(self.dir.glob("*.log")):
            text = log.read_text(errors="replace")
            for block in text.split("Traceback (most recent call last):")[1:]:
                lines = [line for line in block.strip().splitlines() if line.strip()]
                found.append(f"{log.stem}: " + " | ".join(lines[-3:])[:600])
        return found[-5:]

    def queue(self) -> dict[str, Any]:
        """The default task queue (translations have a queue and workers of their own)."""
        tasks = self.health().get("tasks", {})
        return dict(tasks.get("queues", {}).get("default", {"queued": 0, "running": 0, "lag_seconds": 0.0})) \
            if "queues" in tasks else {}

    def down(self) -> None:
        for what in list(self.processes):
            self.stop(what)
        if self.mode == "production":
            from .runner import _admin

            _admin(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        shutil.rmtree(self.dir, ignore_errors=True)


# --- CPU by process group, to say what saturated first ----------------------------------------

def _groups(site: Site) -> dict[str, list[Any]]:
    import psutil

    groups: dict[str, list[Any]] = {"web": [], "worker": [], "postgres": [], "redis": [], "load generator": []}
    for name in ("serve", "worker", "periodic"):
        process = site.processes.get(name)
        if process is None:
            continue
        try:
            parent = psutil.Process(process.pid)
            groups["web" if name == "serve" else "worker"] += [parent, *parent.children(recursive=True)]
        except psutil.NoSuchProcess:
            pass
    for p in psutil.process_iter(["name", "cmdline"]):
        name = (p.info["name"] or "").lower()
        cmd = " ".join(p.info["cmdline"] or [])
        if name.startswith("postgres"):
            groups["postgres"].append(p)
        elif name.startswith("redis"):
            groups["redis"].append(p)
        elif "locust" in cmd or name == "wrk":
            groups["load generator"].append(p)
    return groups


def _cpu(site: Site, seconds: float) -> dict[str, float]:
    """Per process group, the share of one core used over `seconds` (200% = both cores)."""
    import psutil

    groups = _groups(site)
    def total() -> dict[str, float]:
        out = {}
        for group, procs in groups.items():
            used = 0.0
            for p in procs:
                try:
                    times = p.cpu_times()
                    used += times.user + times.system
                except psutil.NoSuchProcess:
                    pass
            out[group] = used
        return out
    before = total()
    time.sleep(seconds)
    after = total()
    return {g: round(100 * (after[g] - before[g]) / seconds) for g in groups}


# --- wrk: one route at a time --------------------------------------------------------------------

WRK_SCRIPT = """
local paths, tokens = {}, {}
for line in io.lines(os.getenv("WRK_PATHS")) do paths[#paths + 1] = line end
for line in io.lines(os.getenv("WRK_TOKENS")) do tokens[#tokens + 1] = line end
math.randomseed(os.time())
request = function()
  local headers = {["Authorization"] = "Bearer " .. tokens[math.random(#tokens)]}
  return wrk.format("GET", paths[math.random(#paths)], headers)
end
"""


# Every line of WRK_PAIRS ("path token") once, then stop: warms a cache entry per line.
WRK_EACH_ONCE = """
local lines, sent, answered = {}, 0, 0
for line in io.lines(os.getenv("WRK_PAIRS")) do lines[#lines + 1] = line end
request = function()
  sent = sent + 1
  local path, token = lines[(sent - 1) % #lines + 1]:match("^(%S+) (%S+)$")
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token})
end
response = function(status, headers, body)
  answered = answered + 1
  if answered == #lines then  -- wrk itself would sleep out its duration: the bench stops it
    io.open(os.getenv("WRK_DONE"), "w"):close()
    wrk.thread:stop()
  end
end
"""


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return round(float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit], 1)


def wrk(site: Site, paths: list[str], tokens: list[str], connections: int, seconds: int) -> dict[str, Any]:
    folder = site.dir / "wrk"
    folder.mkdir(exist_ok=True)
    (folder / "paths").write_text("\n".join(paths) + "\n")
    (folder / "tokens").write_text("\n".join(tokens) + "\n")
    (folder / "mix.lua").write_text(WRK_SCRIPT)
    env = {**os.environ, "WRK_PATHS": str(folder / "paths"), "WRK_TOKENS": str(folder / "tokens")}
    out = subprocess.run(["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "--latency", "--timeout", "10s",
                          "-s", str(folder / "mix.lua"), site.url], env=env, capture_output=True, text=True,
                         timeout=seconds + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return {"connections": connections, "rps": round(rps), "p50_ms": _ms(latency["50"]), "p99_ms": _ms(latency["99"]),
            "errors": errors}


def warm_each_page(site: Site, paths: list[str], fixture: dict[str, Any]) -> dict[str, Any]:
    """Each note's page once in each readers' language (a shared page is kept per language,
    serving/hotcache.py), and each reader once (whose their token is): "from warm caches" means all
    of them, not whatever a few random seconds happened to reach."""
    by_language: dict[str, list[str]] = {}
    for token in fixture["tokens"]:
        by_language.setdefault(fixture.get("token_languages", {}).get(token, ""), []).append(token)
    lines = [f"{path} {group[(i + n) % len(group)]}" for n, group in enumerate(by_language.values())
             for i, path in enumerate(paths)]
    lines += [f"{paths[i % len(paths)]} {token}" for i, token in enumerate(fixture["tokens"])]
    folder = site.dir / "wrk"
    folder.mkdir(exist_ok=True)
    (folder / "pairs").write_text("\n".join(lines) + "\n")
    (folder / "each_once.lua").write_text(WRK_EACH_ONCE)
    done = folder / "each_once.done"
    done.unlink(missing_ok=True)
    started = time.monotonic()
    env = {**os.environ, "WRK_PAIRS": str(folder / "pairs"), "WRK_DONE": str(done)}
    warming = subprocess.Popen(["wrk", "-t", "1", "-c", "4", "-d", "900s", "--timeout", "10s", "-s",
                                str(folder / "each_once.lua"), site.url], env=env, stdout=subprocess.DEVNULL)
    try:
        while not done.exists():
            if warming.poll() is not None:
                raise RuntimeError(f"wrk stopped before it had warmed every page (exit {warming.returncode})")
            time.sleep(0.5)
    finally:
        warming.kill()
        warming.wait()
    return {"requests": len(lines), "languages": len(by_language), "seconds": round(time.monotonic() - started, 1)}


def routes(site: Site, smoke: bool) -> dict[str, Any]:
    fixture = json.loads(Path(site.fixture).read_text("utf-8"))
    tokens = fixture["tokens"]
    targets = {
        "note detail": [f"/api/v1/notes/{i}" for i in fixture["note_ids"][:100 if smoke else None]],
        "following feed": ["/api/v1/feed/following"],
        "discover feed": ["/api/v1/feed/discover"],
    }
    steps = [4] if smoke else [4, 8, 16, 32]
    seconds = 2 if smoke else 15
    result: dict[str, Any] = {}
    for name, paths in targets.items():
        warmed = warm_each_page(site, paths, fixture) if name == "note detail" else None
        wrk(site, paths, tokens, 4, 1 if smoke else 5)  # warm caches and the Redis timelines
        runs = [wrk(site, paths, tokens, c, seconds) for c in steps]
        target = 300 if name == "discover feed" else 100
        good = [r for r in runs if r["p99_ms"] < target and r["errors"] == 0]
        result[name] = {"runs": runs, "p99_target_ms": target,
                        "best_rps_within_target": max((r["rps"] for r in good), default=0)}
        if warmed is not None:
            result[name]["warmed_each_page_once"] = warmed
    return result


# --- locust: the realistic mix and the surge ---------------------------------------------------------

def locust(site: Site, users: int, seconds: int, tag: str, extra_env: dict[str, str] | None = None,
           classes: tuple[str, ...] = ("Reader",), shape: bool = False) -> subprocess.Popen[bytes]:
    env = {**os.environ, "LOAD_FIXTURE": site.fixture, "LOAD_LEDGER": str(site.dir / "ledger.jsonl"), **(extra_env or {})}
    args = [PY, "-m", "locust", "-f", str(HERE / "locustfile.py"), "--headless", "--host", site.url,
            "--csv", str(site.dir / tag), "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "10"]
    if not shape:
        args += ["-u", str(users), "-r", str(max(1, users // 2)), "-t", f"{seconds}s"]
    return subprocess.Popen([*args, *classes], env=env, cwd=HERE.parent, stdout=subprocess.DEVNULL,
                            stderr=open(site.dir / f"{tag}.log", "ab"))


def _stats(site: Site, tag: str) -> dict[str, Any]:
    import csv

    rows = list(csv.DictReader(open(site.dir / f"{tag}_stats.csv", encoding="utf-8")))  # noqa: SIM115
    def row(r: dict[str, str]) -> dict[str, Any]:
        return {"requests": int(r["Request Count"]), "failures": int(r["Failure Count"]),
                "rps": round(float(r["Requests/s"]), 1), "p50_ms": float(r["50%"] or 0), "p99_ms": float(r["99%"] or 0)}
    total = next(r for r in rows if r["Name"] == "Aggregated")
    failures = []
    if (site.dir / f"{tag}_failures.csv").exists():
        failures = [f"{r['Method']} {r['Name']}: {r['Error'][:120]} ×{r['Occurrences']}"
                    for r in csv.DictReader(open(site.dir / f"{tag}_failures.csv", encoding="utf-8"))]  # noqa: SIM115
    return {"total": row(total), "routes": {r["Name"]: row(r) for r in rows if r["Name"] != "Aggregated"},
            "failures": failures[:10]}


def mix(site: Site, smoke: bool) -> dict[str, Any]:
    steps = [3] if smoke else [25, 50, 100, 200, 400]
    seconds = 5 if smoke else 45
    result: dict[str, Any] = {"steps": []}
    if not smoke:
        # Steady state, not a cold start: a few readers touch every route first, and the
        # housekeeping every fresh site queues at start (feed models, trending, the vector index)
        # finishes before the steps are measured.
        locust(site, 5, 20, "mix-warmup").wait(timeout=140)
        result["warmup_queue_settled_seconds"] = _lag_until_under(site, 1.0, 120)
    for users in steps:
        timings = site.dir / f"mix{users}_latencies.json"
        run = locust(site, users, seconds, f"mix{users}", {"LOAD_LATENCIES": str(timings)})
        time.sleep(seconds / 3)
        cpu = _cpu(site, seconds / 3)
        run.wait(timeout=seconds + 120)
        stats = _stats(site, f"mix{users}")
        lag = site.queue().get("lag_seconds")
        windows = _windows(timings, ARRIVAL_SECONDS if not smoke else 1)
        step = {"readers": users, **stats["total"], "cpu_percent": cpu, "queue_lag_seconds": lag,
                "failures": stats["failures"], "routes": stats["routes"], **windows}
        result["steps"].append(step)
        # Held: p99 under 300 ms over the whole step, the readers' arrival included, for every read
        # route (a route seen fewer than 100 times in the step has no meaningful p99 of its own).
        reads = [r for name, r in stats["routes"].items() if name.startswith("GET") and r["requests"] >= 100]
        ok = (step["p99_ms"] < 300 and all(r["p99_ms"] < 300 for r in reads) and step["failures"] == 0
              and step["requests"] > 0)
        if ok:
            result["sustained"] = {"readers": users, "rps": step["rps"], "routes": stats["routes"]}
        else:
            busiest = max((g for g in cpu if g != "load generator"), key=lambda g: cpu[g])
            result["saturated"] = {"at_readers": users, "busiest": busiest, "cpu_percent": cpu}
            break
    return result


# All of a step's readers arrive in its first two seconds (locust spawns users/2 a second), each
# with nothing of theirs warm in this process: the first seconds are a flash crowd, the rest the
# steady state the step is named for. Both are reported; "held" is judged on the whole step.
ARRIVAL_SECONDS = 15


def _windows(path: Path, arrival: float) -> dict[str, Any]:
    """p50/p95/p99 of the step's requests during the readers' arrival and after it (from the
    latencies the locustfile wrote), overall and per route."""
    if not path.exists():
        return {}
    rows = json.loads(path.read_text("utf-8"))
    if not rows:
        return {}
    first = min(r[0] for r in rows)

    def summary(times: list[float]) -> dict[str, Any]:
        times = sorted(times)
        pick = lambda q: round(times[min(len(times) - 1, int(q * len(times)))], 1)  # noqa: E731
        return {"requests": len(times), "p50_ms": pick(0.5), "p95_ms": pick(0.95), "p99_ms": pick(0.99)}

    out: dict[str, Any] = {}
    for label, keep in (("arrival", lambda t: t - first < arrival), ("steady", lambda t: t - first >= arrival)):
        chosen = [r for r in rows if keep(r[0])]
        if not chosen:
            continue
        routes: dict[str, list[float]] = {}
        for _, name, ms, _failed in chosen:
            routes.setdefault(name, []).append(ms)
        out[label] = {**summary([r[2] for r in chosen]),
                      "routes": {name: summary(times) for name, times in sorted(routes.items())}}
    return out


def _lag_until_under(site: Site, limit: float, seconds: float) -> float | None:
    """Seconds until the task queue's lag is under `limit`, or None if it never got there."""
    started = time.time()
    while time.time() - started < seconds:
        lag = site.queue().get("lag_seconds")
        if lag is not None and lag < limit:
            return round(time.time() - started, 1)
        time.sleep(1)
    return None


def surge(site: Site, smoke: bool) -> dict[str, Any]:
    seconds = 12 if smoke else 240
    readers = 3 if smoke else 40
    (site.dir / "ledger.jsonl").unlink(missing_ok=True)
    steady = locust(site, readers, seconds, "surge-readers")
    rising = locust(site, 0, seconds, "surge-newcomers", {"LOAD_SHAPE": "surge", "SURGE_SECONDS": str(seconds),
                                                          "SURGE_BASE": "1" if smoke else "3"},
                    classes=("Newcomer",), shape=True)
    time.sleep(seconds * 0.5)
    # Halfway, at the peak: the task worker dies mid-task; a new one starts a few seconds later.
    site.stop("worker", signal.SIGKILL)
    time.sleep(3)
    site.start("worker")
    peak_lag = site.queue().get("lag_seconds")
    time.sleep(seconds * 0.3)
    surge_ended = time.time()
    for run in (steady, rising):
        run.wait(timeout=seconds + 120)
    drained = _lag_until_under(site, 10, 120)
    # Tasks the dead worker held come back after VERMILION_TASK_STALE_SECONDS (20 s here): wait for
    # the queue to empty before checking that every note was indexed.
    deadline = time.time() + (60 if smoke else 180)
    while time.time() < deadline:
        tasks = site.queue()
        if tasks.get("queued") == 0 and tasks.get("running") == 0:
            break
        time.sleep(2)
    checked = json.loads(subprocess.run(
        [PY, "-m", "bench.bench_load", "--verify", str(site.dir / "ledger.jsonl"), site.fixture], env=site.env,
        cwd=HERE.parent, capture_output=True, text=True, check=True, timeout=600).stdout.strip().splitlines()[-1])
    readers_stats, newcomers_stats = _stats(site, "surge-readers"), _stats(site, "surge-newcomers")
    return {"seconds": seconds, "readers": readers, "readers_traffic": readers_stats["total"],
            "newcomers_traffic": newcomers_stats["total"], "newcomer_routes": newcomers_stats["routes"],
            "failures": readers_stats["failures"] + newcomers_stats["failures"],
            "queue_lag_at_peak_seconds": peak_lag,
            "lag_under_10s_after_surge_seconds": drained,
            "since_surge_end_seconds": round(time.time() - surge_ended, 1), "writes": checked}


def restarts(site: Site) -> dict[str, Any]:
    """Restart PostgreSQL, then Redis, under a steady load; errors by second around each."""
    out: dict[str, Any] = {}
    # Debian's service scripts, as an operator would restart them (root only; the full run only).
    for service, command in (("postgresql", ["pg_ctlcluster", "15", "main", "restart"]),
                             ("redis", ["service", "redis-server", "restart"])):
        tag = f"restart-{service}"
        run = locust(site, 20, 60, tag, {"LOAD_LEDGER": ""})
        time.sleep(20)
        started = time.time()
        subprocess.run(command, capture_output=True, timeout=60)
        restarted = round(time.time() - started, 1)
        run.wait(timeout=200)
        stats = _stats(site, tag)
        out[service] = {"restart_took_seconds": restarted, "requests": stats["total"]["requests"],
                        "failures": stats["total"]["failures"], "examples": stats["failures"][:3],
                        "healthy_after": site.health().get("status")}
    return out


def one_mode(mode: str, smoke: bool) -> dict[str, Any]:
    phases = os.environ.get("BENCH_LOAD_PHASES", "routes,mix,surge,restarts").split(",")
    if os.environ.get("BENCH_LOAD_RESTARTS") == "0":
        phases = [p for p in phases if p != "restarts"]
    site = Site(mode, smoke)
    try:
        notes = 500 if smoke else 100_000
        seeded = site.seed(notes)
        site.up()
        result: dict[str, Any] = {"notes": notes, "seed_seconds": round(seeded, 1),
                                  "seeded_earlier": bool(os.environ.get("BENCH_LOAD_SEEDED")),
                                  "web_processes": int(site.env["VERMILION_WEB_PROCESSES"])}
        if "routes" in phases:
            result["routes"] = routes(site, smoke)
        if "mix" in phases:
            result["mix"] = mix(site, smoke)
        if "surge" in phases:
            result["surge"] = surge(site, smoke)
        # Restarting the machine's PostgreSQL and Redis disturbs everything else using them:
        # BENCH_LOAD_RESTARTS=0 leaves it out (and BENCH_LOAD_PHASES=restarts runs only that).
        if mode == "production" and not smoke and shutil.which("pg_ctlcluster") and "restarts" in phases:
            result["restarts"] = restarts(site)
        result["server_errors"] = site.errors()
        return result
    finally:
        site.down()


def run(smoke: bool) -> dict[str, Any]:
    if not shutil.which("wrk"):
        raise RuntimeError("wrk is missing: run `make setup` (scripts/system-packages.sh installs it)")
    modes = _modes()
    if smoke and len(modes) > 1 and not os.environ.get("BENCH_BACKENDS"):
        # CI's smoke run keeps to production mode (PostgreSQL, Redis, several processes: the path with
        # the most parts to rot); the embedded site differs only in its settings and runs in full runs.
        modes = ["production"]
    return {mode: one_mode(mode, smoke) for mode in modes}


def _modes() -> list[str]:
    """Embedded, and production when PostgreSQL answers; BENCH_BACKENDS=embedded or =postgresql picks one."""
    from .runner import postgres_available

    modes = ["embedded"] + (["production"] if postgres_available() else [])
    only = os.environ.get("BENCH_BACKENDS", "").replace("postgresql", "production").split(",")
    return [mode for mode in modes if only == [""] or mode in only]


def prepare(folder: str, smoke: bool) -> None:
    """`python -m bench.bench_load --prepare DIR [smoke]`: seed each mode once and keep it in DIR;
    then `BENCH_LOAD_SEEDED=DIR python -m bench --only load` copies it instead of seeding."""
    for mode in _modes():
        site = Site(mode, smoke)
        try:
            notes = 500 if smoke else 100_000
            site.seed(notes)
            site.keep(Path(folder), notes)
        finally:
            site.down()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--prepare"]:
        prepare(sys.argv[2], smoke=sys.argv[3:4] == ["smoke"])
    elif sys.argv[1:2] == ["--seed"]:
        seed(int(sys.argv[2]), sys.argv[3])
    elif sys.argv[1:2] == ["--verify"]:
        print(json.dumps(verify(sys.argv[2], sys.argv[3])))
