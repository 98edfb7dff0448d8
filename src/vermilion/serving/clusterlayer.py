"""The realtime channel layer on a Redis Cluster: channels_redis's pub/sub layer, with shards that
move to another node when theirs stops answering.

Pub/sub in a Redis Cluster is not bound to slots: a message PUBLISHed on any node, master or
replica, reaches the subscribers of every node over the cluster bus. So channels_redis's pub/sub
layer already works with the cluster's nodes as its hosts (each channel or group is served by one
of them, chosen by a hash of its name, the same in every process). What it lacks is a way round a
lost node: its shard keeps reconnecting to that node alone, and the channels and groups hashed to
it go silent until the node is back, long after the cluster itself has failed over. Here a shard
that loses its node moves to the next one, subscriptions and all, and a publish or subscribe that
fails is tried again through the next node. Delivery stays what the layer promises everywhere: at most once,
best-effort (messaging/push.py); tabs catch up from the database.

The layer keeps no keys, so it needs no hash tags and nothing of it is lost when a master fails.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from channels_redis.pubsub import RedisPubSubChannelLayer, RedisPubSubLoopLayer, RedisSingleShardConnection
from channels_redis.utils import _close_redis, _wrap_close, decode_hosts
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

_LOST = (RedisConnectionError, RedisTimeoutError, OSError)
PAUSE_SECONDS = 0.5  # between two moves when no node answers, so a shard does not spin


class _FailoverShard(RedisSingleShardConnection):
    host: Any
    _redis: Any
    _pubsub: Any

    def __init__(self, nodes: list[dict[str, Any]], start: int, layer: Any) -> None:
        super().__init__(nodes[start], layer)
        self._nodes = nodes
        self._at = start

    async def _move_from(self, lost: dict[str, Any]) -> None:
        """Leave `lost` for the next node (under the shard's lock), subscribing there again to
        everything this shard serves. Another caller may have moved already: then nothing to do."""
        if self.host is not lost:
            return
        if self._redis is not None:
            try:
                await _close_redis(self._redis)
            except Exception:  # closing a connection to a dead node may fail too
                log.debug("channel layer: closing the lost node's connection failed", exc_info=True)
        self._redis = self._pubsub = None
        self._at = (self._at + 1) % len(self._nodes)
        self.host = self._nodes[self._at]
        log.warning("channel layer: a node stopped answering, moving a shard to %s", self.host.get("address", "?"))
        if self._subscribed_to:
            self._ensure_redis()
            await self._pubsub.subscribe(*self._subscribed_to)

    async def _on_some_node(self, operation: Any, *args: Any) -> None:
        """Run `operation` (the parent's publish or subscribe), moving on to the next node each time
        the current one is lost, until every node was tried."""
        for attempt in range(len(self._nodes)):
            node = self.host
            try:
                await operation(*args)
                return
            except _LOST:
                if attempt == len(self._nodes) - 1:
                    raise
                # The next node may be down too: the next attempt moves on again.
                async with self._lock:
                    with contextlib.suppress(*_LOST):
                        await self._move_from(node)

    async def publish(self, channel: str, message: bytes) -> None:
        await self._on_some_node(super().publish, channel, message)

    async def subscribe(self, channel: str) -> None:
        await self._on_some_node(super().subscribe, channel)

    async def unsubscribe(self, channel: str) -> None:
        try:
            await super().unsubscribe(channel)
        except _LOST:
            self._subscribed_to.discard(channel)  # its node went, and the subscription with it

    async def _do_receiving(self) -> None:
        # channels_redis's loop, but a lost node moves the shard instead of retrying that node forever.
        while True:
            node = self.host
            try:
                if self._pubsub and self._pubsub.subscribed:
                    message = await self._pubsub.get_message(ignore_subscribe_messages=True, timeout=0.1)
                    self._receive_message(message)
                else:
                    await asyncio.sleep(0.1)
            except (asyncio.CancelledError, GeneratorExit):
                raise
            except _LOST:
                try:
                    async with self._lock:
                        await self._move_from(node)
                except _LOST:
                    await asyncio.sleep(PAUSE_SECONDS)
            except BaseException:
                log.exception("channel layer: unexpected error in the receive task")
                await asyncio.sleep(1)


class _ClusterLoopLayer(RedisPubSubLoopLayer):
    def __init__(self, hosts: Any = None, **kwargs: Any) -> None:
        super().__init__(hosts, **kwargs)
        nodes = decode_hosts(hosts)
        self._shards = [_FailoverShard(nodes, i, self) for i in range(len(nodes))]


class ClusterPubSubChannelLayer(RedisPubSubChannelLayer):
    """`hosts`: the cluster's nodes as plain URLs (settings: `kit.redisclient.node_urls`)."""

    def _get_layer(self) -> Any:
        loop = asyncio.get_running_loop()
        layer = self._layers.get(loop)
        if layer is None:
            layer = self._layers[loop] = _ClusterLoopLayer(*self._args, **self._kwargs, channel_layer=self)
            _wrap_close(self, loop)
        return layer
