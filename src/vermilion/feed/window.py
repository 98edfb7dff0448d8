"""What ranking reads about a note, and the part of discover's candidates every reader shares.

The newest recommendable notes and the fresh-creator pool are the same for every reader; only who
may see them (blocks, mutes) and what each reader already dismissed differ, and `visible_to` checks
that per page. So each web process builds this window once every VERMILION_FEED_WINDOW_SECONDS
(counts, topics and embeddings included) instead of every page reading them again: at 100,000
notes those reads were most of a page's database time. A new note waits at most that long to be
eligible (the product promise is five minutes); its counts are at most that old when ranked.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models.functions import Length

from vermilion.kit.background import BackgroundJob
from vermilion.kit.ids import id_for_time
from vermilion.kit.text import fold
from vermilion.notes.models import Note, NoteTopic

from .sources import embeddings_of, fresh_from_small_creators

WINDOW_DAYS = 30
MAX_CANDIDATES = 600
FRESH_SOURCE_LIMIT = 100
LOW_EFFORT_CHARS = 12
_FIELDS = ("pk", "author_id", "likes_count", "collects_count", "comments_count", "published_at", "language",
           "ip_region", "title", "body")


def is_low_effort(title: str, body_length: int) -> bool:
    """Almost no words (a cat photo captioned "cat tax"): demoted for readers not into its topic."""
    return len(title) + body_length < LOW_EFFORT_CHARS


@dataclass
class Facts:
    """One note as ranking sees it."""

    note_id: int
    author_id: int
    likes: int
    collects: int
    comments: int
    published_at: Any
    language: str
    region: str
    title_key: str
    text: str  # folded title and body, for muted words
    low_effort: bool
    topics: tuple[str, ...] = ()


def facts_of(note_ids: list[int]) -> dict[int, Facts]:
    """Facts for these notes (no visibility check: callers filter through `visible_to`)."""
    if not note_ids:
        return {}
    rows = Note.objects.filter(pk__any=note_ids).annotate(text_length=Length("body")).values(*_FIELDS, "text_length")
    out = {
        r["pk"]: Facts(
            note_id=r["pk"], author_id=r["author_id"], likes=r["likes_count"], collects=r["collects_count"],
            comments=r["comments_count"], published_at=r["published_at"], language=r["language"],
            region=r["ip_region"], title_key=fold(r["title"]), text=fold(f"{r['title']}\n{r['body']}"),
            low_effort=is_low_effort(r["title"], r["text_length"]),
        )
        for r in rows
    }
    topics: dict[int, list[str]] = {}
    for note_id, key in NoteTopic.objects.filter(note_id__any=list(out)).values_list("note_id", "topic__key"):
        topics.setdefault(note_id, []).append(key)
    for note_id, keys in topics.items():
        out[note_id].topics = tuple(keys)
    return out


@dataclass
class Window:
    built_at: float
    recent: list[int]  # newest first
    fresh: list[int]
    facts: dict[int, Facts]
    vectors: dict[int, np.ndarray] = field(default_factory=dict)


_lock = threading.Lock()
_current: Window | None = None
log = logging.getLogger(__name__)


def shared_window() -> Window:
    """The window, rebuilt when older than the configured age (0: every call, as in tests).

    Only the first build happens inside a request. After that a stale window is served while a
    background thread builds the next one: rebuilding inline made one page a minute per process
    take half a second, and every request queued behind it waited too (the p99 of discover)."""
    global _current
    max_age = float(getattr(settings, "VERMILION_FEED_WINDOW_SECONDS", 60))
    window = _current
    if window is not None and time.monotonic() - window.built_at < max_age:
        return window
    if window is not None and max_age > 0:
        _refresher.start()
        return window
    with _lock:  # one rebuild at a time; the others wait for it rather than all reading at once
        window = _current
        if window is None or time.monotonic() - window.built_at >= max_age:
            window = _build()
            _current = window if max_age > 0 else None
    return window


def _refresh() -> None:
    global _current
    try:
        window = _build()
        with _lock:
            _current = window
    except Exception:  # the stale window keeps serving; the next page tries again
        log.exception("the discover window could not be rebuilt")


_refresher = BackgroundJob("feed-window", _refresh)


def _build() -> Window:
    built_at = time.monotonic()
    anyone = Note.objects.visible_to(None, "").recommendable()  # shared by every reader: no region
    since = id_for_time(time.time() - WINDOW_DAYS * 86400)
    recent = list(anyone.filter(pk__gte=since).order_by("-pk").values_list("pk", flat=True)[:MAX_CANDIDATES])
    fresh = list(fresh_from_small_creators(anyone).order_by("-pk").values_list("pk", flat=True)[:FRESH_SOURCE_LIMIT])
    ids = list(dict.fromkeys(recent + fresh))
    return Window(built_at=built_at, recent=recent, fresh=fresh, facts=facts_of(ids), vectors=embeddings_of(ids))


def forget() -> None:
    """Drop the window (tests, and after bulk imports)."""
    global _current
    with _lock:
        _current = None
