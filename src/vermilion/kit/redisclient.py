"""Redis clients made from a URL: one server, or a Redis Cluster.

    redis://host:6379/0, rediss://…, unix:///run/redis.sock     one server
    redis+cluster://host:7000,host:7001,host:7002               a cluster (rediss+cluster:// with TLS)

A cluster URL names one or more of its nodes (`user:password@` and `?options` apply to every node);
the client finds the others itself. Naming several lets a process start while one of them is down.
Every Redis user in Vermilion (the cache, Following timelines, kept Discover rankings, the hot-read
cache and its generations, health checks, the channel layer's nodes) makes its client here, so one
`REDIS_URL` decides for all of them.

What a cluster changes for the callers:
- keys live on the master that owns their slot, so one operation on several keys (MGET, a
  MULTI/EXEC, a script with several KEYS) must name keys of one slot, with a hash tag `{…}`, or be
  split per key; the callers here split (pipelined single-key commands, still one round trip per node);
- there is only database 0;
- redis-py reports a cluster it cannot reach as `RedisClusterException`, which is not a
  `RedisError`. These clients raise `ClusterUnavailable`, a redis `ConnectionError`, instead, so every
  "Redis is away" fallback written for one server holds on a cluster too. redis-py's synchronous
  cluster client also connects when it is made; here it is made on first use, so a process starts
  (and serves its fallbacks) while the cluster is away.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import redis
import redis.asyncio
import redis.asyncio.cluster
import redis.cluster
from redis.exceptions import RedisClusterException, SlotNotCoveredError

CLUSTER_SCHEMES = {"redis+cluster": "redis", "rediss+cluster": "rediss"}
# redis-py's words for "no node answers" and "some slots have no master": an outage, not a bug.
_OUTAGE_WORDS = ("cannot be connected", "not covered", "could not agree")


class ClusterUnavailable(redis.exceptions.ConnectionError):
    """The cluster (or the master of a key's slot) cannot be reached."""


@contextmanager
def _outage_as_connection_error() -> Iterator[None]:
    try:
        yield
    except RedisClusterException as exc:
        # Other RedisClusterExceptions (keys of several slots in one command…) are bugs and stay so.
        if isinstance(exc, SlotNotCoveredError) or any(w in str(exc) for w in _OUTAGE_WORDS):
            raise ClusterUnavailable(str(exc)) from exc
        raise


def is_cluster(url: str) -> bool:
    return url.partition("://")[0].lower() in CLUSTER_SCHEMES


def node_urls(url: str) -> list[str]:
    """A plain URL for each node a cluster URL names (the URL itself for one server)."""
    if not is_cluster(url):
        return [url]
    scheme, rest = url.split("://", 1)
    rest, _, query = rest.partition("?")
    netloc, _, path = rest.partition("/")
    if path.strip("/") not in ("", "0"):
        raise ValueError(f"a Redis Cluster has only database 0, not {path.strip('/')!r}")
    userinfo, at, hosts = netloc.rpartition("@")
    nodes = [h.strip() for h in hosts.split(",") if h.strip()]
    if not nodes:
        raise ValueError("a Redis Cluster URL names at least one node: redis+cluster://host:port")
    base = CLUSTER_SCHEMES[scheme.lower()]
    for node in nodes:
        _host_port(node)  # a port that is not a number is told now, not at the first command
    return [f"{base}://{userinfo}{at}{node}/0" + (f"?{query}" if query else "") for node in nodes]


def _host_port(node: str) -> tuple[str, int]:
    parts = urlsplit(node if "://" in node else f"//{node}")
    return parts.hostname or "localhost", parts.port or 6379  # .port raises ValueError when not a number


def _startup(url: str, node_class: Any) -> tuple[str, list[Any]]:
    """The first node's URL (its credentials and options apply to every connection) and the others."""
    urls = node_urls(url)
    return urls[0], [node_class(*_host_port(node)) for node in urls[1:]]


# redis-py leaves the synchronous cluster client's methods unannotated, hence the ignores below.
class _Cluster(redis.cluster.RedisCluster):
    def execute_command(self, *args: Any, **kwargs: Any) -> Any:
        with _outage_as_connection_error():
            return super().execute_command(*args, **kwargs)  # type: ignore[no-untyped-call]

    def pipeline(self, transaction: Any = None, shard_hint: Any = None) -> Any:
        pipe: Any = super().pipeline(transaction, shard_hint)  # type: ignore[no-untyped-call]
        execute = pipe.execute

        def guarded(raise_on_error: bool = True) -> Any:
            with _outage_as_connection_error():
                return execute(raise_on_error)

        pipe.execute = guarded
        return pipe

    def mget_nonatomic(self, keys: Any, *args: Any) -> list[Any]:
        with _outage_as_connection_error():  # it finds each slot's master before its pipeline runs
            return super().mget_nonatomic(keys, *args)


class _LazyCluster:
    """A synchronous cluster client made on first use (redis-py's connects when it is made)."""

    def __init__(self, make: Callable[[], _Cluster]) -> None:
        self._make = make
        self._made: _Cluster | None = None
        self._lock = threading.Lock()

    def client(self) -> _Cluster:
        if self._made is None:
            with self._lock:
                if self._made is None:
                    with _outage_as_connection_error():
                        self._made = self._make()
        return self._made

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client(), name)


class _AsyncCluster(redis.asyncio.cluster.RedisCluster):
    async def initialize(self, *args: Any, **kwargs: Any) -> Any:
        with _outage_as_connection_error():
            return await super().initialize(*args, **kwargs)

    async def execute_command(self, *args: Any, **kwargs: Any) -> Any:
        with _outage_as_connection_error():
            return await super().execute_command(*args, **kwargs)

    def pipeline(self, transaction: Any = None, shard_hint: Any = None) -> Any:
        pipe: Any = super().pipeline(transaction, shard_hint)
        execute = pipe.execute

        async def guarded(raise_on_error: bool = True, allow_redirections: bool = True) -> Any:
            with _outage_as_connection_error():
                return await execute(raise_on_error, allow_redirections)

        pipe.execute = guarded
        return pipe

    # The stubs give this async method the synchronous parent's signature.
    async def mget_nonatomic(self, keys: Any, *args: Any) -> list[Any]:  # type: ignore[override]
        with _outage_as_connection_error():
            return await super().mget_nonatomic(keys, *args)


def sync_client(url: str, **options: Any) -> Any:
    """A `redis.Redis`, or for a cluster URL a `RedisCluster` (made on first use). `options` are
    redis-py's connection options (socket_timeout…), applied to every node."""
    if not is_cluster(url):
        return redis.Redis.from_url(url, **options)
    first, others = _startup(url, redis.cluster.ClusterNode)
    return _LazyCluster(lambda: _Cluster(url=first, startup_nodes=others, **options))


def async_client(url: str, **options: Any) -> Any:
    """The asyncio twin of `sync_client` (it belongs to the event loop that first uses it)."""
    if not is_cluster(url):
        return redis.asyncio.Redis.from_url(url, **options)
    first, others = _startup(url, redis.asyncio.cluster.ClusterNode)
    return _AsyncCluster.from_url(first, startup_nodes=others, **options)
