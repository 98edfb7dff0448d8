"""The Redis cache backend keeps one client per pool (serving/rediscache.py) and still behaves as Django's."""

from __future__ import annotations

import threading

import redis

from tests.conftest import unavailable
from vermilion.serving.rediscache import SharedClientRedisCache

URL = "redis://127.0.0.1:6379/14"


def _cache() -> SharedClientRedisCache:
    try:
        redis.Redis.from_url(URL, socket_connect_timeout=2).ping()
    except redis.RedisError:
        unavailable("Redis is not running on 127.0.0.1:6379")
    return SharedClientRedisCache(URL, {"KEY_PREFIX": "cache-test"})


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
