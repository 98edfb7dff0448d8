"""Following timelines fanned out on write into Redis (production), read back page by page.

- A reader's timeline is a sorted set of note ids (score = id, so newest first), capped at
  TIMELINE_SIZE and expiring after TTL without reads. Only readers who *have* a timeline get
  fan-out: inactive people cost nothing and get theirs rebuilt, from the database, when they return.
- Authors with very many followers are not fanned out; their notes are merged in on read.
- The timeline carries a signature of the reader's follows; following or unfollowing someone
  changes it, and the next read rebuilds. Every id read back is re-checked by the same visibility
  queryset as everything else, so deleted, hidden or blocked notes never show.
- Scrolling past the oldest id kept falls back to the database query: the list is complete.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db.models import Count, Max

from vermilion.accounts.models import User
from vermilion.graph.models import Follow
from vermilion.kit import redisclient
from vermilion.notes.models import Note
from vermilion.notes.visibility import NoteQuerySet

TIMELINE_SIZE = 800
TTL_SECONDS = 14 * 86400
BIG_AUTHOR_FOLLOWERS = 10_000
FAN_OUT_BATCH = 1000


@lru_cache(maxsize=1)
def _client(url: str) -> Any:
    # Short timeouts: with Redis gone, the following feed falls back to the database (feed/queries.py)
    # instead of hanging on a dead socket. One server or a cluster (kit/redisclient.py): every command
    # here names one timeline key, so each lands on that key's master.
    return redisclient.sync_client(url, socket_connect_timeout=1, socket_timeout=2)


def client() -> Any | None:
    url = getattr(settings, "VERMILION_TIMELINE_REDIS_URL", None)
    return _client(url) if url else None


def _key(user_id: int) -> str:
    return f"{settings.VERMILION_TIMELINE_PREFIX}tl:{user_id}"


def follow_signature(user_id: int) -> str:
    agg = Follow.objects.filter(follower_id=user_id).aggregate(n=Count("id"), last=Max("id"))
    return f"{agg['n']}:{agg['last'] or 0}"


def followed_notes(viewer: User, reading: str) -> NoteQuerySet:
    return Note.objects.visible_to(viewer, reading).filter(
        status=Note.Status.PUBLISHED, author__in=Follow.objects.filter(follower=viewer).values("followee")
    )


def big_author_note_ids(viewer: User, before: int | None, limit: int) -> list[int]:
    """The newest notes of the big authors the viewer follows (never fanned out), newest first,
    unchecked: the caller checks visibility (notes/reader_state.py)."""
    big = Follow.objects.filter(follower=viewer, followee__followers_count__gte=BIG_AUTHOR_FOLLOWERS)
    notes = Note.objects.alive().filter(status=Note.Status.PUBLISHED, author__in=big.values("followee"))
    if before is not None:
        notes = notes.filter(pk__lt=before)
    return list(notes.order_by("-pk").values_list("pk", flat=True)[:limit])


def rebuild(redis: Any, viewer: User, signature: str, reading: str) -> list[int]:
    ids = list(followed_notes(viewer, reading).filter(author__followers_count__lt=BIG_AUTHOR_FOLLOWERS)
               .order_by("-pk").values_list("pk", flat=True)[:TIMELINE_SIZE])
    key = _key(viewer.pk)
    with redis.pipeline() as pipe:
        pipe.delete(key)
        pipe.zadd(key, {"sig:" + signature: -1})  # the marker sits below every note id
        if ids:
            pipe.zadd(key, {str(i): i for i in ids})
        pipe.expire(key, TTL_SECONDS)
        pipe.execute()
    return ids


def timeline_ids(redis: Any, viewer: User, reading: str) -> tuple[list[int], bool]:
    """(note ids newest first, whether the list was cut at TIMELINE_SIZE)."""
    key = _key(viewer.pk)
    signature = follow_signature(viewer.pk)
    members = [m.decode() for m in redis.zrevrange(key, 0, -1)]
    if not members or members[-1] != "sig:" + signature:
        ids = rebuild(redis, viewer, signature, reading)
    else:
        redis.expire(key, TTL_SECONDS)
        ids = [int(m) for m in members[:-1]]
    return ids, len(ids) >= TIMELINE_SIZE


def fan_out(redis: Any, note_id: int, author_id: int, follower_ids: list[int]) -> int:
    """Push one note to the followers who have a live timeline; returns how many got it."""
    delivered = 0
    for start in range(0, len(follower_ids), FAN_OUT_BATCH):
        batch = follower_ids[start:start + FAN_OUT_BATCH]
        with redis.pipeline(transaction=False) as pipe:
            for follower in batch:
                pipe.exists(_key(follower))
            live = [f for f, exists in zip(batch, pipe.execute(), strict=True) if exists]
        with redis.pipeline(transaction=False) as pipe:
            for follower in live:
                key = _key(follower)
                pipe.zadd(key, {str(note_id): note_id})
                pipe.zremrangebyrank(key, 1, -(TIMELINE_SIZE + 2))  # keep the marker (rank 0) and the newest
            pipe.execute()
        delivered += len(live)
    return delivered
