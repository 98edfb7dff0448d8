"""Direct messages: accepted and delivered messages per second, send→receipt latency, memory per socket.

Starts uvicorn on 127.0.0.1 (the embedded default: SQLite, one web process) with the in-memory
channel layer, then again with the Redis layer when Redis answers on 127.0.0.1. Connects 1,000
WebSocket clients (smoke: 10), one per person, in pairs who follow each other; sender threads post
messages over the HTTP API with the send time in the body; every recipient socket records when the
message event arrives. First the senders go back to back (capacity), then one sender offers half
that rate (latency under load). Loops are bounded in count and time and stop by themselves.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _seed(path: str, people: int) -> None:
    """Runs in a child process: migrate, then pairs of friends with a conversation and a token each."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from vermilion.accounts.models import User
    from vermilion.accounts.tokens import issue_token
    from vermilion.graph.models import Follow
    from vermilion.messaging.models import Conversation, Participant

    call_command("migrate", "--noinput", "-v", "0")
    with transaction.atomic():
        users = User.objects.bulk_create([User(username=f"dm{i:05d}") for i in range(people)], batch_size=1000)
        tokens = [issue_token(u) for u in users]
        pairs = [(users[i], users[i + 1]) for i in range(0, people - 1, 2)]
        Follow.objects.bulk_create([Follow(follower=a, followee=b) for x, y in pairs for a, b in ((x, y), (y, x))])
        conversations = Conversation.objects.bulk_create(
            [Conversation(user_low_id=min(a.pk, b.pk), user_high_id=max(a.pk, b.pk)) for a, b in pairs])
        Participant.objects.bulk_create([Participant(conversation=c, user=u, other=o)
                                         for c, (a, b) in zip(conversations, pairs, strict=True)
                                         for u, o in ((a, b), (b, a))])
    Path(path).write_text(json.dumps({
        "tokens": tokens,
        "pairs": [[2 * i, 2 * i + 1, str(c.pk)] for i, c in enumerate(conversations)],
    }))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _wait_up(port: int, deadline: float) -> None:
    """Until /healthz answers; the first request also loads the URLconf, which is not measured."""
    status = None
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            conn.request("GET", "/healthz")
            status = conn.getresponse().status
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the server did not come up (last /healthz status: {status})")


def _sender(port: int, jobs: list[tuple[str, str, int]], results: list[int], stop_at: float,
            interval: float = 0.0) -> None:
    """Post (token, conversation, n) messages over one keep-alive connection; record status codes.
    With an interval, one message every `interval` seconds (an offered load), else back to back."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    next_at = time.perf_counter()
    for token, conversation, n in jobs:
        if time.monotonic() > stop_at:
            break
        if interval:
            time.sleep(max(0.0, next_at - time.perf_counter()))
            next_at += interval
        body = json.dumps({"body": f"bench {time.perf_counter():.6f}", "client_token": f"b{conversation}-{n}"})
        conn.request("POST", f"/api/v1/conversations/{conversation}/messages", body=body,
                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        results.append(response.status)
    conn.close()


async def _listen(port: int, token: str, latencies: list[float], ready: asyncio.Event, counter: list[int],
                  expected: int, stop: asyncio.Event) -> None:
    from websockets.asyncio.client import connect

    async with connect(f"ws://127.0.0.1:{port}/ws?token={token}", open_timeout=60, max_queue=None) as ws:
        hello = json.loads(await asyncio.wait_for(ws.recv(), timeout=60))
        assert hello["type"] == "hello", hello
        counter[0] += 1
        if counter[0] == expected:
            ready.set()
        while not stop.is_set():
            try:
                raw = await asyncio.wait_for(ws.recv(), timeout=1.0)
            except TimeoutError:
                continue
            event = json.loads(raw)
            if event.get("type") == "message" and not event["message"]["mine"]:
                sent = float(event["message"]["body"].split()[1])
                latencies.append(time.perf_counter() - sent)


def _measure(layer: str, redis_url: str | None, people: int, messages: int, senders: int) -> dict[str, Any]:
    data_dir = tempfile.mkdtemp(prefix="vermilion-bench-dm-")
    os.makedirs(os.path.join(data_dir, "static"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.messaging_settings", "VERMILION_DATA_DIR": data_dir,
           "VERMILION_BENCH_CHANNEL_REDIS": redis_url or "", "PYTHONPATH": str(ROOT)}
    seed_file = os.path.join(data_dir, "seed.json")
    subprocess.run([sys.executable, "-m", "bench.bench_messaging", "--seed", seed_file, str(people)],
                   env=env, cwd=ROOT, check=True, timeout=300)
    seed = json.loads(Path(seed_file).read_text())
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "vermilion.asgi:application", "--host", "127.0.0.1",
                               "--port", str(port), "--lifespan", "off", "--log-level", "warning",
                               "--ws-max-queue", "256"], env=env, cwd=ROOT)
    try:
        _wait_up(port, time.monotonic() + 240)
        before_kb = _rss_kb(server.pid)
        result = asyncio.run(_drive(port, seed, messages, senders, server.pid))
        result["rss_before_mb"] = round(before_kb / 1024, 1)
        result["memory_per_connection_kb"] = round((result.pop("rss_connected_kb") - before_kb) / len(seed["tokens"]), 1)
        return {"layer": layer, "sockets": len(seed["tokens"]), **result}
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def _percentile(ordered: list[float], share: float) -> float | None:
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000, 1) if ordered else None


async def _phase(port: int, jobs: list[tuple[str, str, int]], senders: int, interval: float,
                 latencies: list[float]) -> dict[str, Any]:
    """Send `jobs` from `senders` threads, then wait (bounded) until every accepted message arrived."""
    latencies.clear()
    statuses: list[int] = []
    stop_at = time.monotonic() + 300
    threads = [threading.Thread(target=_sender, args=(port, jobs[k::senders], statuses, stop_at, interval * senders))
               for k in range(senders)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    await asyncio.get_running_loop().run_in_executor(None, lambda: [t.join() for t in threads])
    sent_seconds = time.perf_counter() - started
    accepted = statuses.count(201)
    deadline = time.monotonic() + 30
    while len(latencies) < accepted and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    delivered_seconds = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "messages": len(jobs), "answered": len(statuses), "accepted": accepted, "delivered": len(latencies),
        "refused": {str(code): statuses.count(code) for code in sorted(set(statuses)) if code != 201},
        "accepted_per_second": round(accepted / sent_seconds, 1),
        "delivered_per_second": round(len(latencies) / delivered_seconds, 1),
        "latency_p50_ms": _percentile(ordered, 0.5), "latency_p99_ms": _percentile(ordered, 0.99),
    }


async def _drive(port: int, seed: dict[str, Any], messages: int, senders: int, server_pid: int) -> dict[str, Any]:
    """Connect every socket, then two phases: senders back to back (the most the server accepts and
    delivers: its capacity, where queues grow and latency says little), then an offered load at half
    that rate (the send-to-receipt latency a person sees on a busy but not overloaded server)."""
    tokens, pairs = seed["tokens"], seed["pairs"]
    latencies: list[float] = []
    counter = [0]
    ready, stop = asyncio.Event(), asyncio.Event()
    listeners = []
    for token in tokens:  # connect gradually: a thousand handshakes at once is a different benchmark
        listeners.append(asyncio.create_task(_listen(port, token, latencies, ready, counter, len(tokens), stop)))
        await asyncio.sleep(0.002)
    await asyncio.wait_for(ready.wait(), timeout=120)
    await asyncio.sleep(1.0)
    rss_connected = _rss_kb(server_pid)
    # Each message goes from the lower member of a pair to the other, spread over all pairs.
    jobs = [(tokens[pairs[i % len(pairs)][0]], pairs[i % len(pairs)][2], i) for i in range(messages * 2)]
    capacity = await _phase(port, jobs[:messages], senders, 0.0, latencies)
    rate = max(1.0, capacity["accepted_per_second"] / 2)
    paced = await _phase(port, jobs[messages:][: max(10, int(rate * 20))], 1, 1.0 / rate, latencies)  # ~20 s
    paced["offered_per_second"] = round(rate, 1)
    stop.set()
    await asyncio.gather(*listeners, return_exceptions=True)
    return {"capacity": capacity, "half_load": paced, "rss_connected_kb": rss_connected}


def _redis_url() -> str | None:
    from .runner import redis_available

    return "redis://127.0.0.1:6379/14" if redis_available() else None


def run(smoke: bool) -> dict[str, Any]:
    people, messages, senders = (10, 20, 2) if smoke else (1000, 600, 8)
    results: dict[str, Any] = {"embedded": _measure("in-memory", None, people, messages, senders)}
    print(f"[bench_messaging] embedded: {json.dumps(results['embedded'])}", file=sys.stderr, flush=True)
    redis_url = _redis_url()  # the tests are over when benchmarks run, so CI's Redis is free for this too
    if redis_url:
        results["redis"] = _measure("redis", redis_url, people, messages, senders)
        print(f"[bench_messaging] redis: {json.dumps(results['redis'])}", file=sys.stderr, flush=True)
    for name, figures in results.items():
        for phase in ("capacity", "half_load"):
            got = figures[phase]
            if got["delivered"] < got["accepted"] or got["accepted"] < got["messages"]:
                raise RuntimeError(f"{name} {phase}: {got['accepted']} accepted, {got['delivered']} delivered "
                                   f"of {got['messages']}")
    return results


if __name__ == "__main__" and len(sys.argv) == 4 and sys.argv[1] == "--seed":
    _seed(sys.argv[2], int(sys.argv[3]))
