"""Redis Cluster URLs (kit/redisclient.py) and what every Redis use does on a cluster.

The first tests need no Redis. The ones marked `redis` run on the test Redis when it is a cluster
(scripts/test.sh starts one, scripts/redis-cluster.sh, and runs every `redis` test on it); they are
skipped on one server, where the rest of the suite already covers the same code.
"""

from __future__ import annotations

import asyncio
import socket
import time
import uuid
from typing import Any

import pytest
import redis
from django.conf import settings

from tests.conftest import unavailable
from vermilion.kit import redisclient
from vermilion.serving import generations
from vermilion.serving.clusterlayer import ClusterPubSubChannelLayer
from vermilion.serving.hotstore import Entry, RedisStore
from vermilion.serving.preflight import _check_redis
from vermilion.serving.rediscache import SharedClientRedisCache

pytestmark = pytest.mark.redis


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_cluster_url_names_its_nodes_with_their_credentials_and_options():
    url = "redis+cluster://app:s3cret@10.0.0.1:7000,10.0.0.2:7001,[::1]:7002/0?ssl_cert_reqs=none"
    assert redisclient.is_cluster(url) and redisclient.is_cluster("rediss+cluster://h:1")
    assert not redisclient.is_cluster("redis://127.0.0.1:6379/0")
    assert redisclient.node_urls(url) == [
        "redis://app:s3cret@10.0.0.1:7000/0?ssl_cert_reqs=none",
        "redis://app:s3cret@10.0.0.2:7001/0?ssl_cert_reqs=none",
        "redis://app:s3cret@[::1]:7002/0?ssl_cert_reqs=none",
    ]
    assert redisclient.node_urls("rediss+cluster://h:7000") == ["rediss://h:7000/0"]
    assert redisclient.node_urls("redis://127.0.0.1:6379/3") == ["redis://127.0.0.1:6379/3"]


@pytest.mark.parametrize("url", ["redis+cluster://h:7000/2", "redis+cluster://h:port", "redis+cluster:///0"])
def test_a_wrong_cluster_url_is_refused_when_read(url):
    with pytest.raises(ValueError):
        redisclient.node_urls(url)


def test_an_unreachable_cluster_is_a_redis_connection_error_and_does_not_stop_a_start():
    url = f"redis+cluster://127.0.0.1:{unused_port()},127.0.0.1:{unused_port()}"
    client = redisclient.sync_client(url, socket_connect_timeout=1)  # made on first use, not here
    # Every "Redis is away" fallback catches RedisError: redis-py's RedisClusterException is not one.
    with pytest.raises(redis.exceptions.ConnectionError):
        client.get("k")
    with pytest.raises(redis.exceptions.ConnectionError), client.pipeline(transaction=False) as pipe:
        pipe.get("a").get("b").execute()

    async def read() -> None:
        aclient = redisclient.async_client(url, socket_connect_timeout=1)
        with pytest.raises(redis.exceptions.ConnectionError):
            await aclient.get("k")
        with pytest.raises(redis.exceptions.ConnectionError):
            async with aclient.pipeline(transaction=False) as pipe:
                await pipe.get("a").execute()

    asyncio.run(read())


def test_preflight_explains_a_dead_cluster_and_a_cluster_url_for_one_server():
    port = unused_port()
    found = _check_redis("REDIS_URL", f"redis+cluster://127.0.0.1:{port}")
    assert found is not None and f"REDIS_URL (redis+cluster://127.0.0.1:{port}) does not answer" in found
    found = _check_redis("REDIS_URL", "redis+cluster://127.0.0.1:7000/4")
    assert found is not None and "only database 0" in found and "redis+cluster://host:7000" in found


# What follows needs the test Redis to be a cluster.

def _cluster_url() -> str:
    url = getattr(settings, "VERMILION_TIMELINE_REDIS_URL", None) or ""
    if not redisclient.is_cluster(url):
        unavailable("the test Redis is not a cluster (scripts/test.sh runs these, marked `cluster`, on one)")
    return url


@pytest.fixture
def cluster_url() -> str:
    return _cluster_url()


@pytest.mark.cluster
def test_preflight_tells_a_node_of_a_cluster_from_one_server(cluster_url):
    node = redisclient.node_urls(cluster_url)[0]
    found = _check_redis("REDIS_URL", node)
    assert found is not None and "is a node of a Redis Cluster: write it redis+cluster://" in found
    assert _check_redis("REDIS_URL", cluster_url) is None
    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_timeout=2).ping()
    except redis.RedisError:
        return  # no single server beside the cluster here
    found = _check_redis("REDIS_URL", "redis+cluster://127.0.0.1:6379")
    assert found is not None and "is a single server, not a cluster: write it redis://" in found


@pytest.mark.cluster
def test_the_cache_spreads_many_keys_over_the_masters_and_clears_only_its_own(cluster_url):
    mine = SharedClientRedisCache(cluster_url, {"KEY_PREFIX": f"t-{uuid.uuid4().hex[:6]}[x]"})
    other = SharedClientRedisCache(cluster_url, {"KEY_PREFIX": f"t-{uuid.uuid4().hex[:6]}"})
    client = mine._cache.get_client()
    keys = [f"k{i}" for i in range(40)]
    # Keys of every master: Django's own MGET and MULTI/EXEC of MSET would fail across slots.
    assert len({client.get_node_from_key(mine.make_key(k)).name for k in keys}) == 3
    mine.set_many({k: {"n": i} for i, k in enumerate(keys)}, 30)
    other.set("kept", "yes", 30)
    assert mine.get_many([*keys, "absent"]) == {k: {"n": i} for i, k in enumerate(keys)}
    mine.delete_many(keys[:10])
    assert len(mine.get_many(keys)) == 30
    assert mine.add("n", 1, 30) and mine.incr("n", 4) == 5
    mine.clear()
    assert mine.get_many(keys) == {} and mine.get("n") is None
    assert other.get("kept") == "yes"  # another process's keys (its prefix) are not its to clear
    other.clear()


@pytest.mark.cluster
def test_generations_and_the_hot_store_read_keys_of_several_masters(cluster_url, settings):
    settings.VERMILION_HOT_CACHE_REDIS_URL = cluster_url
    settings.VERMILION_TIMELINE_PREFIX = f"t-{uuid.uuid4().hex[:8]}:"
    user_id = 4242
    keys = generations.keys_for(user_id)
    client = generations.sync_client(cluster_url)
    assert client.keyslot(generations.prefixed(keys)[0]) != client.keyslot(generations.prefixed(keys)[1])
    before = generations.read(keys)
    generations.bump_now([generations.user_key(user_id)])
    generations.bump_now([generations.SITE])
    after = generations.read(keys)
    assert after == (before[0] + 1, before[1] + 1)
    store = RedisStore(cluster_url, settings.VERMILION_TIMELINE_PREFIX)
    entry = Entry(user_id=0, generations=after, expires=time.time() + 30, kept=time.time() + 60, route="r",
                  status=200, headers=((b"content-type", b"application/json"),), body=b"{}")
    store.put("shared-page", entry)

    async def look() -> tuple[Any, tuple[int, ...], tuple[int, ...]]:
        found, seen = await store.lookup_shared("shared-page", user_id)
        return found, seen, await generations.read_async(keys)

    found, seen, read_async = asyncio.run(look())
    assert found == entry and seen == after == read_async
    store.clear()
    for key in generations.prefixed(keys):
        client.delete(key)


def _layer(hosts: list[Any], prefix: str) -> ClusterPubSubChannelLayer:
    return ClusterPubSubChannelLayer(hosts=hosts, prefix=prefix)


@pytest.mark.cluster
def test_the_channel_layer_carries_groups_between_processes_through_any_node(cluster_url):
    nodes = redisclient.node_urls(cluster_url)

    async def scenario() -> None:
        # Two processes' layers, each naming the nodes in another order: a group hashed to one node
        # in the first is on another node in the second, and pub/sub crosses the cluster bus.
        prefix = f"t-{uuid.uuid4().hex[:8]}:rt"
        web, worker = _layer(nodes, prefix), _layer(list(reversed(nodes)), prefix)
        channels = [await web.new_channel() for _ in range(6)]
        for i, channel in enumerate(channels):
            await web.group_add(f"user.{i}", channel)
        await asyncio.sleep(0.2)
        for i in range(len(channels)):
            await worker.group_send(f"user.{i}", {"type": "rt.event", "n": i})
        got = [await asyncio.wait_for(web.receive(channel), 5) for channel in channels]
        assert [m["n"] for m in got] == list(range(6))
        await web.flush()
        await worker.flush()

    asyncio.run(scenario())


@pytest.mark.cluster
def test_a_channel_layer_shard_whose_node_is_lost_moves_to_the_next_node(cluster_url):
    dead = f"redis://127.0.0.1:{unused_port()}/0"
    hosts = [{"address": dead, "socket_connect_timeout": 1}] + [
        {"address": node, "socket_connect_timeout": 1} for node in redisclient.node_urls(cluster_url)]

    async def scenario() -> None:
        prefix = f"t-{uuid.uuid4().hex[:8]}:rt"
        layer, sender = _layer(hosts, prefix), _layer(hosts, prefix)
        # Channels on every shard, the dead node's among them, and groups all on the dead node's shard
        # (which node serves a name is a hash of it: pick names until each shard has its share).
        loop_layer = layer._get_layer()
        lost = loop_layer._shards[0]
        channels: list[str] = []
        while len(channels) < 8 or lost not in {loop_layer._get_shard(c) for c in channels}:
            channels.append(await layer.new_channel())
        groups = [g for g in (f"g{k}" for k in range(10_000))
                  if loop_layer._get_shard(loop_layer._get_group_channel_name(g)) is lost][:len(channels)]
        for group, channel in zip(groups, channels, strict=True):
            await layer.group_add(group, channel)
        await asyncio.sleep(0.3)
        for i, (group, channel) in enumerate(zip(groups, channels, strict=True)):
            await sender.send(channel, {"type": "direct", "n": i})
            await sender.group_send(group, {"type": "group", "n": i})
        for i, channel in enumerate(channels):
            got = [await asyncio.wait_for(layer.receive(channel), 5) for _ in range(2)]
            assert sorted((m["type"], m["n"]) for m in got) == [("direct", i), ("group", i)]
        assert loop_layer._shards[0].host["address"] != dead
        await layer.flush()
        await sender.flush()

    asyncio.run(scenario())
