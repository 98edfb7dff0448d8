"""Discover and following latency with 100,000 notes and 10,000 people (smoke: 2,000 / 300).

Seeds a community with heavy-tailed authorship, followings and likes, note embeddings (random unit
vectors: the encoder's speed is not what is measured here) and a trained co-engagement model, then
times `discover_page` and `following_page` (candidate gathering, ranking, re-ranking and the cards
the API returns) for signed-in readers with history. Runs on the embedded default and, when
PostgreSQL answers on 127.0.0.1, on PostgreSQL + Redis, each in its own process.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from datetime import timedelta
from typing import Any

import numpy as np

TOPICS = [f"topic{i}" for i in range(200)] + ["猫税", "cattax", "火锅", "hiking", "ootd"]


def _seed(users: int, notes: int) -> list[int]:
    from django.db import transaction
    from django.utils import timezone

    from vermilion.accounts.models import User
    from vermilion.feed.embeddings import to_blob
    from vermilion.feed.models import NoteEmbedding
    from vermilion.graph.models import Follow
    from vermilion.media.models import Media
    from vermilion.notes.models import Like, Note, NoteMedia, NoteTopic, Topic

    rng = random.Random(5)
    nprng = np.random.default_rng(5)
    now = timezone.now()
    with transaction.atomic():
        people = User.objects.bulk_create(
            [User(username=f"p{i:05d}", ip_region=rng.choice(["CN-GD", "CN-SH", "US", "GB"]),
                  interests=rng.sample(["food", "travel", "pets", "fitness", "fashion"], 2)) for i in range(users)],
            batch_size=2000)
        topics = Topic.objects.bulk_create([Topic(name=t, key=t) for t in TOPICS])
        # Heavy-tailed authorship: a few creators write a lot.
        weights = [1 / (i + 1) ** 0.8 for i in range(users)]
        authors = rng.choices(people, weights=weights, k=notes)
        rows = [Note(author=a, title=f"note {i}", body="text", status="published", language="zh",
                     ip_region=a.ip_region, likes_count=int(nprng.pareto(1.5) * 3),
                     collects_count=int(nprng.pareto(1.8)), comments_count=int(nprng.pareto(2.0)))
                for i, a in enumerate(authors)]
        Note.objects.bulk_create(rows, batch_size=5000)
        for i, note in enumerate(rows):  # spread over the last 30 days
            note.published_at = now - timedelta(seconds=int((notes - i) * 30 * 86400 / notes))
        Note.objects.bulk_update(rows, ["published_at"], batch_size=5000)
        covers = [Media(owner=n.author, kind="image", status="ready", width=1080, height=1440,
                        variants={"card": {"name": "c.webp", "width": 720, "height": 960}}) for n in rows]
        Media.objects.bulk_create(covers, batch_size=5000)
        NoteMedia.objects.bulk_create([NoteMedia(note=n, media=m, position=0) for n, m in zip(rows, covers, strict=True)],
                                      batch_size=5000)
        NoteTopic.objects.bulk_create([NoteTopic(note=n, topic=rng.choice(topics)) for n in rows], batch_size=5000)
        vectors = nprng.standard_normal((notes, 512)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        NoteEmbedding.objects.bulk_create(
            [NoteEmbedding(note=n, vector=to_blob(v), text_hash="x") for n, v in zip(rows, vectors, strict=True)],
            batch_size=5000)
        follows = {(rng.choice(people).pk, rng.choices(people, weights=weights)[0].pk) for _ in range(users * 20)}
        Follow.objects.bulk_create([Follow(follower_id=a, followee_id=b) for a, b in follows if a != b], batch_size=5000)
        popular = rng.choices(rows, weights=[n.likes_count + 1 for n in rows], k=users * 10)
        likes = {(rng.choice(people).pk, n.pk) for n in popular}
        Like.objects.bulk_create([Like(user_id=u, note_id=n) for u, n in likes], batch_size=5000)
    return [p.pk for p in people]


def _time(call: Any, readers: list[Any], warm: bool = True) -> dict[str, Any]:
    """Wall time and CPU time (this process: Python and the SQLite engine, not a PostgreSQL server's)."""
    if warm:
        call(readers[0])  # warm-up: model load, caches
    timings, cpu = [], []
    for reader in readers:
        started, started_cpu = time.perf_counter(), time.process_time()
        call(reader)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    timings.sort()
    return {"pages": len(timings), "p50_ms": round(statistics.median(timings), 1),
            "p99_ms": round(timings[min(len(timings) - 1, int(len(timings) * 0.99))], 1),
            "cpu_ms_mean": round(statistics.fmean(cpu), 1)}


def _discover(readers: list[Any]) -> dict[str, Any]:
    """Discover as readers meet it (feed/ranked.py): a first page with nothing kept (a slice of the
    shared ranking of the reader's region and language, ranked once by the first of them); the task
    that ranks ahead of a reader; a first page from their kept ranking; the next pages, slices of
    it; and a page whose kept ranking is gone, which ranks at request time as every page did before."""
    from vermilion.feed import discover, ranked
    from vermilion.feed.queries import discover_page

    cursors: dict[int, str | None] = {}

    def first(r: Any) -> None:
        page, _ = discover_page(r, None, 20, r.ip_region, "en", r.ip_region)
        cursors[r.pk] = page["next_cursor"]

    def scroll(r: Any) -> None:
        cursor = cursors.get(r.pk)
        for _ in range(3):
            if cursor:
                page, _ = discover_page(r, cursor, 20, r.ip_region, "en", r.ip_region)
                cursor = page["next_cursor"]

    def gone(r: Any) -> None:
        ranked.store().set_aside(ranked.reader_key(r.pk))  # twice: neither current nor previous holds it
        ranked.store().set_aside(ranked.reader_key(r.pk))
        if isinstance(ranked.store(), ranked.DatabaseStore):
            from vermilion.feed.models import DiscoverRanking

            DiscoverRanking.objects.filter(key=ranked.reader_key(r.pk)).delete()
        else:
            store = ranked.store()
            store.client.delete(store._key(ranked.reader_key(r.pk)))  # type: ignore[attr-defined]
        if cursors.get(r.pk):
            discover_page(r, cursors[r.pk], 20, r.ip_region, "en", r.ip_region)

    cold = _time(first, readers)
    task = _time(lambda r: discover.keep_ranking(r.pk, r.ip_region, "en", r.ip_region), readers)
    kept_first = _time(first, readers)
    next_pages = _time(scroll, readers)
    next_pages = {**next_pages, "pages": next_pages["pages"] * 3,
                  "cpu_ms_mean": round(next_pages["cpu_ms_mean"] / 3, 1), "note": "p50/p99 are of three pages read in a row"}
    request_time = _time(gone, readers, warm=False)
    return {"first_page_nothing_kept_reads_shared": cold, "precompute_task_per_reader": task,
            "first_page_from_kept_ranking": kept_first, "next_pages_from_kept_ranking": next_pages,
            "page_ranked_at_request_time": request_time}


def child(smoke: bool) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from vermilion.accounts.models import User
    from vermilion.feed.co_engagement import train_and_store
    from vermilion.feed.queries import following_page

    call_command("migrate", verbosity=0)
    users, notes, pages = (300, 2000, 30) if smoke else (10_000, 100_000, 300)
    started = time.perf_counter()
    people = _seed(users, notes)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum would have done after a bulk load
            cursor.execute("ANALYZE")
    seeded = time.perf_counter() - started
    items = train_and_store()
    rng = random.Random(9)
    readers = list(User.objects.filter(pk__in=rng.sample(people, pages)))
    from vermilion.serving.runtime import settle

    settle()  # as the web process does once its code is loaded (vermilion/asgi.py)
    discover = _discover(readers)
    # The first read of each reader builds their timeline (a returning reader); the second is what
    # an active reader gets every time.
    following_first = _time(lambda r: following_page(r, None, 20, r.ip_region), readers)
    following = _time(lambda r: following_page(r, None, 20, r.ip_region), readers)
    result = {"database": connection.vendor, "users": users, "notes": notes, "seed_seconds": round(seeded, 1),
              "co_engagement_items": items, "discover": discover, "following": following,
              "following_first_read": following_first}
    result.update(_fan_out_throughput(people, smoke))
    return result


def _fan_out_throughput(people: list[int], smoke: bool) -> dict[str, Any]:
    """Timeline inserts per second: one author's note pushed to every follower with a live timeline."""
    from vermilion.accounts.models import User
    from vermilion.feed import timeline
    from vermilion.notes.models import Note

    redis = timeline.client()
    if redis is None:
        return {"fan_out": "query-based here (no Redis timelines)"}
    followers = User.objects.filter(pk__in=people[: 300 if smoke else 5000])
    for reader in followers:  # every follower is an active reader with a timeline
        timeline.rebuild(redis, reader, timeline.follow_signature(reader.pk), reader.ip_region)
    note = Note.objects.order_by("-pk").first()
    assert note is not None
    started = time.perf_counter()
    delivered = timeline.fan_out(redis, note.pk, note.author_id, [f.pk for f in followers])
    elapsed = time.perf_counter() - started
    for key in redis.scan_iter(f"{timeline.settings.VERMILION_TIMELINE_PREFIX}tl:*"):
        redis.delete(key)
    return {"fan_out": {"timelines": delivered, "inserts_per_second": round(delivered / elapsed)}}


def run(smoke: bool) -> dict[str, Any]:
    from .runner import each_backend

    return each_backend("bench.bench_feed_latency", smoke, {"REDIS_URL": "redis://127.0.0.1:6379/13"})


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(child(smoke=sys.argv[2] == "smoke")))
