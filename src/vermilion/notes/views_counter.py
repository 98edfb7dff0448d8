"""Note views: once per viewer per note per day, counted without a row write per view.

A view is de-duplicated with one cache `add` (Redis in production, so across processes), then
counted in a small in-process buffer that is written with one UPDATE per note every few seconds.
A crash loses at most those few seconds of views, which a view counter can afford.
Anonymous viewers are keyed by an HMAC of address and browser that changes every day, so no
stable identifier of a person is ever stored.
"""

from __future__ import annotations

import atexit
import hashlib
import hmac
import logging
import threading
import time
from collections import Counter
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import F

from vermilion.kit.background import BackgroundJob

from .models import Note, NoteTopic, Topic

log = logging.getLogger(__name__)
FLUSH_SECONDS = 5.0
FLUSH_AT = 500

_lock = threading.Lock()
_pending: Counter[int] = Counter()
_last_flush = [time.monotonic()]


def viewer_key(user_id: int | None, address: str, user_agent: str) -> str:
    if user_id is not None:
        return f"u{user_id}"
    day = date.today().isoformat()
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{day}|{address}|{user_agent[:200]}".encode(), hashlib.sha256)
    return "a" + digest.hexdigest()[:24]


def record_view(note_id: int, key: str) -> bool:
    """Count a view unless this viewer already viewed this note today. Returns True if counted."""
    day = date.today().toordinal()
    if not cache.add(f"nv:{note_id}:{key}:{day}", 1, timeout=26 * 3600):
        return False
    with _lock:
        _pending[note_id] += 1
        due = sum(_pending.values()) >= FLUSH_AT or time.monotonic() - _last_flush[0] >= FLUSH_SECONDS
    if due:
        _flush_soon()
    return True


def _flush_soon() -> None:
    """Write the buffer beside the request, not in it: a flush is one UPDATE per note viewed in
    the last seconds (hundreds under load), and the page that happened to fall due waited for all
    of them — with every request queued behind it in the process (the note page's p99 under load).
    Tests flush inline (VERMILION_VIEWS_FLUSH_IN_BACKGROUND = False) to see the counts at once."""
    if not getattr(settings, "VERMILION_VIEWS_FLUSH_IN_BACKGROUND", True):
        flush_views()
        return
    _flusher.start()


_flusher = BackgroundJob("views-flush", lambda: flush_views())  # looked up at each run (tests replace it)


def _take() -> dict[int, int]:
    with _lock:
        batch = dict(_pending)
        _pending.clear()
        _last_flush[0] = time.monotonic()
    return batch


def _write(batch: dict[int, int]) -> None:
    # Rows are locked in one order (notes by id, then topics by id), so two processes flushing at
    # once wait for each other instead of deadlocking.

    # Which topics the notes are in is read before the transaction: the transaction only writes
    # (and, with a read replica, a GET request's reads stay on the replica).
    per_topic: Counter[int] = Counter()
    for topic_id, note_id in NoteTopic.objects.filter(note_id__in=list(batch)).values_list("topic_id", "note_id"):
        per_topic[topic_id] += batch[note_id]
    with transaction.atomic():
        for note_id, count in sorted(batch.items()):
            Note.objects.filter(pk=note_id).update(views_count=F("views_count") + count)
        for topic_id, count in sorted(per_topic.items()):
            Topic.objects.filter(pk=topic_id).update(views_count=F("views_count") + count)


def flush_views() -> int:
    """Write buffered views to notes and their topics; returns how many views were written. A
    failed flush keeps its views for the next one: counting views must never fail the page."""
    batch = _take()
    if not batch:
        return 0
    try:
        _write(batch)
    except DatabaseError:
        log.warning("could not write %d buffered views; keeping them for the next flush", sum(batch.values()),
                    exc_info=True)
        with _lock:
            _pending.update(batch)
        return 0
    return sum(batch.values())


def discard_pending() -> None:
    """For tests: forget views buffered by an earlier test."""
    with _lock:
        _pending.clear()


@atexit.register
def _flush_at_exit() -> None:
    batch = _take()
    try:
        if batch:
            _write(batch)
    except Exception:  # the database (or the log's stream) may already be gone at interpreter exit
        return
