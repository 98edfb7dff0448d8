"""Time-ordered 64-bit ids, shown to clients as opaque strings.

Layout (Snowflake-like): 41 bits of milliseconds since 2025-01-01, 10 bits that identify the
process, 12 bits of sequence within the millisecond. Ids sort by creation time, which makes
cursor pagination and "newest first" a primary-key scan, and they do not reveal row counts.
"""

from __future__ import annotations

import os
import secrets
import threading
import time

EPOCH_MS = 1_735_689_600_000  # 2025-01-01T00:00:00Z
_SEQUENCE_BITS = 12
_NODE_BITS = 10
_MAX_SEQUENCE = (1 << _SEQUENCE_BITS) - 1

_lock = threading.Lock()
_state = {"ms": 0, "seq": 0, "node": secrets.randbelow(1 << _NODE_BITS), "pid": os.getpid()}


def new_id() -> int:
    with _lock:
        if _state["pid"] != os.getpid():  # forked worker: take a fresh node number
            _state.update(pid=os.getpid(), node=secrets.randbelow(1 << _NODE_BITS), ms=0, seq=0)
        now = int(time.time() * 1000) - EPOCH_MS
        if now < _state["ms"]:  # clock stepped back: keep ids increasing
            now = _state["ms"]
        if now == _state["ms"]:
            _state["seq"] = (_state["seq"] + 1) & _MAX_SEQUENCE
            if _state["seq"] == 0:
                while now <= _state["ms"]:
                    now = int(time.time() * 1000) - EPOCH_MS
        else:
            _state["seq"] = 0
        _state["ms"] = now
        return (now << (_NODE_BITS + _SEQUENCE_BITS)) | (_state["node"] << _SEQUENCE_BITS) | _state["seq"]


def id_for_time(unix_seconds: float) -> int:
    """The smallest id created at or after a moment: for "since" filters on the primary key."""
    return (int(unix_seconds * 1000) - EPOCH_MS) << (_NODE_BITS + _SEQUENCE_BITS)


def time_of_id(value: int) -> float:
    """The Unix time an id was created at (to the millisecond)."""
    return ((value >> (_NODE_BITS + _SEQUENCE_BITS)) + EPOCH_MS) / 1000


def parse_id(value: str | int) -> int | None:
    """An id from a client, or None if it cannot be one (callers answer 404)."""
    text = str(value).strip()
    # ASCII digits only: "³" and "٣" are digits to str.isdigit but not to int().
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number < (1 << 63) else None
