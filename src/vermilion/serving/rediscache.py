"""Django's Redis cache, with its connection pools and clients shared by the whole process.

Django keeps cache objects per context (asgiref's Local), and under ASGI every request is a new
context: each request built a new RedisCache, hence a new connection pool, and opened a new TCP
connection to Redis (a DNS lookup and a connect on every page) for its first cache call. Django
also builds a new `redis.Redis` for every cache call, filling a table of ~170 response callbacks
each time. Pools and clients are safe to share between threads (a pool hands each command a
connection of its own), so here there is one of each per server per process.

`LOCATION` may also be a Redis Cluster URL (redis+cluster://host:port,host:port, kit/redisclient.py):
one cluster client per process then, and the operations Django makes of several keys at once are
split per key, since one command may only name keys of one slot.
"""

from __future__ import annotations

import threading
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from vermilion.kit import redisclient

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

        def make() -> tuple[Any, Any]:
            pool = self._pool_class.from_url(server, **self._pool_options)  # type: ignore[attr-defined]
            return pool, self._client(connection_pool=pool)  # type: ignore[attr-defined]

        return _shared_for(server, self._pool_options, make)  # type: ignore[attr-defined]


def _shared_for(server: str, options: dict[str, Any], make: Any) -> tuple[Any, Any]:
    """One (pool, client) per server and options in this process, made once."""
    key = (server, repr(sorted(options.items())))
    found = _shared.get(key)
    if found is None:
        with _lock:
            found = _shared.get(key)
            if found is None:
                found = _shared[key] = make()
    return found


class _SharedClusterClient(RedisCacheClient):
    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        server = self._servers[0]  # type: ignore[attr-defined]
        options = self._pool_options  # type: ignore[attr-defined]
        return _shared_for(server, options, lambda: (None, redisclient.sync_client(server, **options)))[1]

    def get_many(self, keys: Any) -> dict[Any, Any]:
        keys = list(keys)
        values = self.get_client().mget_nonatomic(keys)
        return {k: self._serializer.loads(v) for k, v in zip(keys, values, strict=True) if v is not None}  # type: ignore[attr-defined]

    def set_many(self, data: Any, timeout: Any) -> None:
        # Django's MSET inside MULTI/EXEC names keys of many slots; a cache's set_many need not be
        # atomic (memcached's is not), so one SET per key, pipelined per master.
        with self.get_client().pipeline(transaction=False) as pipe:
            for key, value in data.items():
                if timeout == 0:
                    pipe.delete(key)
                else:
                    pipe.set(key, self._serializer.dumps(value), ex=timeout)  # type: ignore[attr-defined]
            pipe.execute()

    def clear_matching(self, pattern: str) -> None:
        client = self.get_client()
        batch: list[Any] = []
        for found in client.scan_iter(match=pattern, count=1000):
            batch.append(found)
            if len(batch) >= 500:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)


class SharedClientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._cluster = isinstance(server, str) and redisclient.is_cluster(server)
        self._class: type[RedisCacheClient] = _SharedClient
        if self._cluster:
            self._servers = [server]  # its commas separate the cluster's nodes, not servers to choose from
            self._class = _SharedClusterClient

    def clear(self) -> None:
        """On a cluster, everything under this cache's KEY_PREFIX, on every master (FLUSHDB on one
        server). A cluster has no other database to keep other data apart: in production the
        Following timelines and the hot-read cache share the prefix (VERMILION_TIMELINE_PREFIX), so
        this forgets all Vermilion keeps there, as FLUSHDB does on one server; and test workers
        sharing one cluster forget only their own keys."""
        if not self._cluster:
            super().clear()
            return
        client: Any = self._cache  # type: ignore[attr-defined]
        if not self.key_prefix:
            client.get_client().flushdb()  # every master
            return
        client.clear_matching("".join("\\" + c if c in "*?[]\\" else c for c in self.key_prefix) + ":*")
