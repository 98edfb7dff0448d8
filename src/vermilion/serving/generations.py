"""Change generations: small counters that writes bump and cached answers are compared against.

A cached answer (serving/hotcache.py) remembers the generations it was built under: its reader's, and
the site-wide one. Whatever changes what that reader sees bumps the reader's generation (their own
likes, collects, follows, blocks, mutes, feed feedback and preferences, any save of their account,
a revoked token); whatever takes content away from everyone or changes it (an edit, a deletion, a
moderation decision, a regional rule) bumps the site-wide one. A changed generation makes the
answer a miss, so it is built again by the normal path, through the one `visible_to` queryset.

Generations are bumped once the change has committed (serving/invalidation.py subscribes to the
domain events that say what changed), and an answer reads them *before* it reads the data: either
the change committed before that read (the answer holds it) or the bump comes after it (the answer
is already stale when it is stored). In Redis they are shared by every web
process and the task workers; without Redis they live in this process only, which is right only
for a single process (tests), so the embedded default leaves the cache off.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from typing import Any

from django.conf import settings

from vermilion.kit import redisclient

log = logging.getLogger(__name__)

SITE = "all"
_local: dict[str, int] = {}
_local_lock = threading.Lock()


def user_key(user_id: int) -> str:
    return f"u:{user_id}"


def keys_for(user_id: int) -> list[str]:
    return [user_key(user_id), SITE]


def _redis_url() -> str | None:
    return getattr(settings, "VERMILION_HOT_CACHE_REDIS_URL", None) or None


def prefixed(keys: list[str]) -> list[str]:
    return [f"{settings.VERMILION_TIMELINE_PREFIX}gen:{k}" for k in keys]


@lru_cache(maxsize=4)
def sync_client(url: str) -> Any:
    return redisclient.sync_client(url, socket_connect_timeout=1, socket_timeout=1)


@lru_cache(maxsize=4)
def _async_client(url: str, loop_id: int) -> Any:
    return redisclient.async_client(url, socket_connect_timeout=1, socket_timeout=1)


def async_client(url: str) -> Any:
    """This event loop's client (an asyncio Redis client belongs to the loop it was made in)."""
    import asyncio

    return _async_client(url, id(asyncio.get_running_loop()))


def decode(values: list[Any]) -> tuple[int, ...]:
    return tuple(int(v) if v is not None else 0 for v in values)


def read(keys: list[str]) -> tuple[int, ...]:
    """The current generations (sync; raises on a Redis error so the caller does not cache)."""
    url = _redis_url()
    if url is None:
        with _local_lock:
            return tuple(_local.get(k, 0) for k in keys)
    return decode(_mget(sync_client(url), url, keys))


async def read_async(keys: list[str]) -> tuple[int, ...]:
    url = _redis_url()
    if url is None:
        with _local_lock:
            return tuple(_local.get(k, 0) for k in keys)
    return decode(await _mget(async_client(url), url, keys))


# A reader's generation and the site-wide one live on different masters of a Redis Cluster, and an
# MGET must name keys of one slot: there the reads are split per master (each generation is compared
# on its own, so reading them together atomically buys nothing). One server keeps the single MGET,
# the cheapest read on the hot path.
def _mget(client: Any, url: str, keys: list[str]) -> Any:
    return client.mget_nonatomic(prefixed(keys)) if redisclient.is_cluster(url) else client.mget(prefixed(keys))


def queue_reads(pipe: Any, url: str, keys: list[str]) -> None:
    """Queue the reads of these generations on a pipeline; `queued_values` reads its results."""
    if redisclient.is_cluster(url):
        for key in prefixed(keys):
            pipe.get(key)
    else:
        pipe.mget(prefixed(keys))


def queued_values(results: list[Any]) -> tuple[int, ...]:
    return decode(results[0] if len(results) == 1 and isinstance(results[0], list) else results)


def user_keys(user_ids: list[int]) -> list[str]:
    return [user_key(u) for u in user_ids]


def bump_now(keys: list[str]) -> None:
    """Bump these generations now (the invalidation subscribers run after the commit). Raises when
    Redis cannot be reached: the event machinery then has the worker try again (kit/events.py), so
    answers kept while Redis was away are invalidated once it is back."""
    url = _redis_url()
    if url is None:
        with _local_lock:
            for k in keys:
                _local[k] = _local.get(k, 0) + 1
        return
    with sync_client(url).pipeline(transaction=False) as pipe:
        for k in prefixed(keys):
            pipe.incr(k)
        pipe.execute()
