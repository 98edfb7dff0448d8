"""Django's Redis cache, with its connection pools and clients shared by the whole process.

Django keeps cache objects per context (asgiref's Local), and under ASGI every request is a new
context: each request built a new RedisCache, hence a new connection pool, and opened a new TCP
connection to Redis (a DNS lookup and a connect on every page) for its first cache call. Django
also builds a new `redis.Redis` for every cache call, filling a table of ~170 response callbacks
each time. Pools and clients are safe to share between threads (a pool hands each command a
connection of its own), so here there is one of each per server per process.
"""

from __future__ import annotations

import threading
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

_shared: dict[tuple[str, str], tuple[Any, Any]] = {}  # (server, options) → (pool, client)
_lock = threading.Lock()


class _SharedClient(RedisCacheClient):
    # The stubs leave out RedisCacheClient's private attributes; they exist since Django 4.0.
    def _get_connection_pool(self, write: bool) -> Any:
        return self._pool_and_client(write)[0]

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        return self._pool_and_client(write)[1]

    def _pool_and_client(self, write: bool) -> tuple[Any, Any]:
        server = self._servers[self._get_connection_pool_index(write)]  # type: ignore[attr-defined]
        key = (server, repr(sorted(self._pool_options.items())))  # type: ignore[attr-defined]
        found = _shared.get(key)
        if found is None:
            with _lock:
                found = _shared.get(key)
                if found is None:
                    pool = self._pool_class.from_url(server, **self._pool_options)  # type: ignore[attr-defined]
                    found = _shared[key] = (pool, self._client(connection_pool=pool))  # type: ignore[attr-defined]
        return found


class SharedClientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _SharedClient
