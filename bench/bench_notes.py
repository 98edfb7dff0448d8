"""Note detail and topic page under load: requests per second and latency percentiles.

10,000 published notes (with a cover, two topics, likes) by 500 authors; then GET
/api/v1/notes/{id} on random notes and GET /api/v1/topics/{name}/notes (hot and new) through the
whole Django stack in-process (middleware, auth, serialisation; no network). It runs on the
embedded default (SQLite) and, when PostgreSQL answers on 127.0.0.1, on PostgreSQL + Redis — each
in its own process, because Django's settings can be configured only once per process.
Smoke mode: 200 notes, 40 requests each.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import time
from typing import Any

TOPICS = ["猫税", "CatTax", "tiktokrefugee", "语言交换", "咖啡", "citywalk", "ootd", "美食", "hiking", "摄影"]


def _percentile(sorted_ms: list[float], q: float) -> float:
    return round(sorted_ms[min(len(sorted_ms) - 1, int(len(sorted_ms) * q))], 2)


def _seed(notes: int) -> list[int]:
    from django.db import transaction

    from vermilion.accounts.models import User
    from vermilion.media.models import Media
    from vermilion.notes.models import Note, NoteMedia, NoteTopic, Topic

    rng = random.Random(42)
    authors = max(10, notes // 20)
    with transaction.atomic():
        users = User.objects.bulk_create(
            [User(username=f"bench{i}", display_name=f"作者{i}", ip_region=rng.choice(["CN-GD", "CN-SH", "US"]))
             for i in range(authors)])
        topics = Topic.objects.bulk_create([Topic(name=name, key=name.lower()) for name in TOPICS])
        rows, media, links, tags = [], [], [], []
        for i in range(notes):
            author = rng.choice(users)
            note = Note(author=author, title=f"笔记 {i} note", body="今天的分享 #猫税 " * 5, status="published",
                        language="zh", ip_region=author.ip_region, likes_count=rng.randint(0, 5000),
                        collects_count=rng.randint(0, 800), comments_count=rng.randint(0, 200))
            cover = Media(owner=author, kind="image", status="ready", width=1080, height=1440,
                          variants={s: {"name": f"b/{i}/{s}.webp", "width": 1080, "height": 1440}
                                    for s in ("thumb", "card", "detail")})
            rows.append(note)
            media.append(cover)
            links.append(NoteMedia(note=note, media=cover, position=0))
            for position, topic in enumerate(rng.sample(topics, 2)):
                tags.append(NoteTopic(note=note, topic=topic, position=position))
        Note.objects.bulk_create(rows, batch_size=2000)
        Note.objects.update(published_at=time_now())
        Media.objects.bulk_create(media, batch_size=2000)
        NoteMedia.objects.bulk_create(links, batch_size=2000)
        NoteTopic.objects.bulk_create(tags, batch_size=2000)
        for topic in topics:
            Topic.objects.filter(pk=topic.pk).update(notes_count=NoteTopic.objects.filter(topic=topic).count())
    return [n.pk for n in rows]


def time_now() -> Any:
    from django.utils import timezone

    return timezone.now()


def _measure(client: Any, paths: list[str]) -> dict[str, Any]:
    for path in paths[:10]:  # warm caches and connections
        client.get(path)
    timings = []
    started = time.perf_counter()
    for path in paths:
        t0 = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - t0) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
    elapsed = time.perf_counter() - started
    timings.sort()
    return {"requests": len(paths), "rps": round(len(paths) / elapsed, 1),
            "p50_ms": round(statistics.median(timings), 2), "p99_ms": _percentile(timings, 0.99)}


def child(smoke: bool) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    notes, requests = (200, 40) if smoke else (10_000, 2_000)
    ids = _seed(notes)
    rng = random.Random(7)
    client = Client(HTTP_HOST="127.0.0.1")
    detail = _measure(client, [f"/api/v1/notes/{rng.choice(ids)}" for _ in range(requests)])
    topic = _measure(client, [f"/api/v1/topics/{rng.choice(TOPICS)}/notes?sort={rng.choice(['hot', 'new'])}"
                              for _ in range(requests)])
    return {"database": connection.vendor, "notes": notes, "note_detail": detail, "topic_notes": topic}


def _postgres_available() -> bool:
    try:
        import psycopg

        psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", connect_timeout=3).close()
        return True
    except Exception:
        return False


def run(smoke: bool) -> dict[str, Any]:
    results: dict[str, Any] = {}
    backends = ["embedded"] + (["postgresql"] if _postgres_available() else [])
    for backend in backends:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
        env.pop("VERMILION_DATA_DIR", None)
        database = f"vermilion_bench_{os.getpid()}"
        if backend == "postgresql":
            import psycopg

            with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{database}"')
            env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
            env["REDIS_URL"] = "redis://127.0.0.1:6379/14"
            env["VERMILION_HTTPS"] = "false"
        try:
            out = subprocess.run([sys.executable, "-m", "bench.bench_notes", "--child", "smoke" if smoke else "full"],
                                 env=env, capture_output=True, text=True, timeout=1800)
            if out.returncode != 0:
                raise RuntimeError(out.stderr[-2000:])
            results[backend] = json.loads(out.stdout.strip().splitlines()[-1])
        finally:
            if backend == "postgresql":
                import psycopg

                with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    return results


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(child(smoke=sys.argv[2] == "smoke")))
