"""Discover rankings kept between pages: what a task (or the first page) ranked for a reader, so that
the next pages are a slice of it instead of a new ranking of a thousand candidates each.

A kept ranking holds note ids in feed order with the reason and the ranking features of each (the
features go into the impressions the learned ranker trains on). It does not hold visibility: every
page re-checks its slice through `visible_to` and the reader's feedback and mutes, so a block, a
mute, a removal or a "not interested" made after the ranking was built holds on the very next page.

Where it is kept: Redis when the site has one (production), else a database row (the embedded
default, whose web process and task worker share nothing else). Each reader (and each anonymous
variant) has one slot with the current ranking and the one before it, so a reader still scrolling
the old one when a refresh lands keeps their place.
"""

from __future__ import annotations

import base64
import json
import logging
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from redis.exceptions import RedisError

from . import timeline
from .models import DiscoverRanking
from .ranking import Candidate

log = logging.getLogger(__name__)

FEATURES = 12  # learned.features()


@dataclass
class Ranking:
    """One ranking of Discover for one reader (or anonymous variant), newest snapshot first."""

    snapshot: int  # the newest note id considered; also what a cursor names the ranking by
    variant: str  # region|language|reading-region it was ranked for
    built_at: float  # Unix time
    ids: list[int]
    reasons: list[tuple[str, str]]
    features: np.ndarray = field(default_factory=lambda: np.zeros((0, FEATURES), dtype=np.float16))

    @classmethod
    def of(cls, candidates: list[Candidate], snapshot: int, variant: str) -> Ranking:
        rows = [c.features or [0.0] * FEATURES for c in candidates]
        return cls(snapshot=snapshot, variant=variant, built_at=time.time(), ids=[c.note_id for c in candidates],
                   reasons=[c.reason for c in candidates],
                   features=np.asarray(rows, dtype=np.float16).reshape(len(rows), FEATURES))

    def to_json(self) -> str:
        return json.dumps({"snap": self.snapshot, "variant": self.variant, "built": self.built_at, "ids": self.ids,
                           "why": [list(r) for r in self.reasons],
                           "f": base64.b64encode(self.features.astype(np.float16).tobytes()).decode()})

    @classmethod
    def from_json(cls, text: str | bytes | None) -> Ranking | None:
        """None for nothing, or for anything that does not read back whole (a ranking is a cache)."""
        if not text:
            return None
        try:
            data = json.loads(text)
            ids = [int(i) for i in data["ids"]]
            reasons = [(str(k), str(d)) for k, d in data["why"]]
            features = np.frombuffer(base64.b64decode(data["f"]), dtype=np.float16).reshape(len(ids), FEATURES)
            if len(reasons) != len(ids):
                return None
            return cls(snapshot=int(data["snap"]), variant=str(data["variant"]), built_at=float(data["built"]), ids=ids,
                       reasons=reasons, features=features)
        except (ValueError, KeyError, TypeError):
            log.warning("a kept discover ranking did not read back; it is ranked again")
            return None

    def age(self) -> float:
        return time.time() - self.built_at

    def candidate(self, index: int) -> Candidate:
        """What an impression records of the note at `index` (ids, reason and features only)."""
        c = Candidate(note_id=self.ids[index], author_id=0, topic_keys=(), likes=0, collects=0, comments=0,
                      published_at=None, language="", region="")  # type: ignore[arg-type]
        c.reason = self.reasons[index]
        c.features = [round(float(v), 4) for v in self.features[index]]
        return c


@dataclass
class Slot:
    """A reader's kept rankings and what has happened since the newest was built."""

    current: Ranking | None = None
    previous: Ranking | None = None
    stale_at: float | None = None  # a signal (a like, a collect…) changed after `current` was built
    refresh_claimed_at: float | None = None

    def find(self, snapshot: int) -> Ranking | None:
        for ranking in (self.current, self.previous):
            if ranking is not None and ranking.snapshot == snapshot:
                return ranking
        return None


class Store(Protocol):
    def read(self, key: str) -> Slot: ...
    def write(self, key: str, ranking: Ranking) -> None: ...
    def mark_stale(self, keys: list[str]) -> None: ...
    def set_aside(self, key: str) -> None: ...
    def claim_refresh(self, key: str, within: float) -> bool: ...


def reader_key(user_id: int) -> str:
    return f"u{user_id}"


def anonymous_key(variant: str) -> str:
    return f"a{variant}"


class DatabaseStore:
    """One row per reader. A write replaces `current` and moves it to `previous`."""

    def read(self, key: str) -> Slot:
        row = DiscoverRanking.objects.filter(key=key).first()
        if row is None:
            return Slot()
        return Slot(Ranking.from_json(row.current), Ranking.from_json(row.previous), row.stale_at, row.refresh_claimed_at)

    def write(self, key: str, ranking: Ranking) -> None:
        with transaction.atomic():
            row = DiscoverRanking.objects.select_for_update().filter(key=key).first()
            if row is None:
                DiscoverRanking.objects.create(key=key, current=ranking.to_json())
                return
            if row.current:  # else it was set aside, and `previous` is what a cursor may still read
                row.previous = row.current
            row.current = ranking.to_json()
            row.stale_at = row.refresh_claimed_at = None
            row.save(update_fields=["current", "previous", "stale_at", "refresh_claimed_at", "updated_at"])

    def mark_stale(self, keys: list[str]) -> None:
        DiscoverRanking.objects.filter(key__in=keys, stale_at__isnull=True).update(stale_at=time.time())

    def set_aside(self, key: str) -> None:
        """No first page starts from the current ranking any more; cursors into it still read it."""
        DiscoverRanking.objects.filter(key=key).exclude(current="").update(previous=F("current"), current="")

    def claim_refresh(self, key: str, within: float) -> bool:
        """True for exactly one caller until the refresh lands or `within` seconds pass (a lost task)."""
        now = time.time()
        DiscoverRanking.objects.get_or_create(key=key, defaults={"current": ""})  # a reader with nothing kept yet
        claimable = Q(refresh_claimed_at__isnull=True) | Q(refresh_claimed_at__lt=now - within)
        return DiscoverRanking.objects.filter(claimable, key=key).update(refresh_claimed_at=now) == 1


class RedisStore:
    """A hash per reader: current, previous, stale, claimed. It expires when nobody reads it."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def _key(self, key: str) -> str:
        return f"{settings.VERMILION_TIMELINE_PREFIX}dr:{key}"

    def read(self, key: str) -> Slot:
        found = self.client.hgetall(self._key(key))
        if not found:
            return Slot()
        stale, claimed = found.get(b"stale"), found.get(b"claimed")
        return Slot(Ranking.from_json(found.get(b"cur")), Ranking.from_json(found.get(b"prev")),
                    float(stale) if stale else None, float(claimed) if claimed else None)

    # Keep the previous ranking in place as it is written: a read between the two steps of a
    # read-then-write could lose it, so the move happens inside Redis.
    _WRITE = """
    local current = redis.call('HGET', KEYS[1], 'cur')
    if current then redis.call('HSET', KEYS[1], 'prev', current) end
    redis.call('HSET', KEYS[1], 'cur', ARGV[1])
    redis.call('HDEL', KEYS[1], 'stale', 'claimed')
    redis.call('EXPIRE', KEYS[1], ARGV[2])
    return 1
    """

    def write(self, key: str, ranking: Ranking) -> None:
        self.client.eval(self._WRITE, 1, self._key(key), ranking.to_json(), int(KEEP_SECONDS))

    def mark_stale(self, keys: list[str]) -> None:
        now = str(time.time())
        pipe = self.client.pipeline(transaction=False)
        for key in keys:
            pipe.hsetnx(self._key(key), "stale", now)
        pipe.execute()
        # HSETNX on a missing key makes a hash with only "stale": harmless (no ranking to serve),
        # and it expires like the rest.
        pipe = self.client.pipeline(transaction=False)
        for key in keys:
            pipe.expire(self._key(key), int(KEEP_SECONDS), nx=True)
        pipe.execute()

    _SET_ASIDE = """
    local current = redis.call('HGET', KEYS[1], 'cur')
    if current then
        redis.call('HSET', KEYS[1], 'prev', current)
        redis.call('HDEL', KEYS[1], 'cur')
    end
    return 1
    """

    def set_aside(self, key: str) -> None:
        self.client.eval(self._SET_ASIDE, 1, self._key(key))

    _CLAIM = """
    local claimed = redis.call('HGET', KEYS[1], 'claimed')
    if claimed and tonumber(claimed) >= tonumber(ARGV[2]) then return 0 end
    redis.call('HSET', KEYS[1], 'claimed', ARGV[1])
    redis.call('EXPIRE', KEYS[1], ARGV[3], 'NX')  -- a claim for a reader with nothing kept yet
    return 1
    """

    def claim_refresh(self, key: str, within: float) -> bool:
        now = time.time()
        return bool(self.client.eval(self._CLAIM, 1, self._key(key), str(now), str(now - within), int(KEEP_SECONDS)))


KEEP_SECONDS = 3600  # a ranking nobody reads goes after an hour (Redis; rows: `prune`)


def prune() -> int:
    """Rows of rankings nobody has refreshed for a day (readers who left, or were deleted)."""
    cutoff = timezone.now() - timedelta(seconds=KEEP_SECONDS * 24)
    deleted, _ = DiscoverRanking.objects.filter(updated_at__lt=cutoff).delete()
    return deleted


def store() -> Store:
    redis = timeline.client()
    return RedisStore(redis) if redis is not None else DatabaseStore()


def safely(default: Any, work: Any, *args: Any) -> Any:
    """A kept ranking is a cache: when its store fails (Redis away), the caller ranks at request time."""
    try:
        return work(*args)
    except RedisError:
        log.warning("discover rankings: store unavailable, ranking at request time", exc_info=True)
        return default
