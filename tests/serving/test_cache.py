"""The Redis cache backend keeps one client per pool (serving/rediscache.py) and still behaves as Django's."""

from __future__ import annotations

import threading

import pytest
import redis
from django.conf import settings

from tests.conftest import unavailable
from vermilion.kit import redisclient
from vermilion.serving.rediscache import SharedClientRedisCache

pytestmark = pytest.mark.redis


def _url() -> str:
    # The test Redis when it is a cluster (scripts/test.sh), else a database of the local one.
    found = getattr(settings, "VERMILION_TIMELINE_REDIS_URL", None) or ""
    return found if redisclient.is_cluster(found) else "redis://127.0.0.1:6379/14"


def _cache() -> SharedClientRedisCache:
    url = _url()
    try:
        redisclient.sync_client(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        unavailable(f"Redis is not running at {url}")
    return SharedClientRedisCache(url, {"KEY_PREFIX": "cache-test"})


def test_one_client_serves_every_call_every_thread_and_every_request():
    cache = _cache()
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client("any", write=False) is client
    # Django makes a cache object per request context under ASGI: they all share the one pool.
    assert _cache()._cache.get_client() is client
    cache.set("greeting", {"zh": "你好"}, 30)
    seen: list[object] = []

    def read() -> None:
        seen.append(cache.get("greeting"))

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == [{"zh": "你好"}] * 8
    assert cache.add("greeting", "again", 30) is False  # Django's semantics are unchanged
    cache.delete("greeting")
    assert cache.get("greeting") is None
