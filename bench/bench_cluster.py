"""Redis Cluster failover under load: seconds of errors, and acknowledged writes lost.

Starts a six-node cluster on loopback (three masters, each with a replica: scripts/redis-cluster.sh
start 1, ports 7111-7116, no persistence), then drives it through Vermilion's own clients
(kit/redisclient.py, the timelines' timeouts: 1 s to connect, 2 s per command): writer threads SET
keys of their own and INCR shared counters, spread over every master, at a bounded rate; one
realtime layer (serving/clusterlayer.py) sends a group message every 20 ms to another. After a warm-up
the first master is killed (SIGKILL: no goodbye to the cluster). The cluster promotes its replica
after `cluster-node-timeout` (3 s; smoke: 1 s) and an election.

Reports: how long commands on the lost master's slots failed (first failure after the kill to the
last), how many commands failed, every acknowledged SET read back (lost: acknowledged but not on the
promoted replica), every counter compared with its acknowledged increments, and the longest gap in
realtime messages with how many were lost. Skipped when redis-server is not installed.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from vermilion.kit import redisclient

ROOT = Path(__file__).resolve().parent.parent
FIRST_PORT = 7111
FILES = Path(tempfile.gettempdir()) / f"vermilion-bench-cluster-{FIRST_PORT}"


def _cluster(command: str, *args: str, node_timeout_ms: int) -> str:
    env = {**os.environ, "REDIS_CLUSTER_PORT": str(FIRST_PORT), "REDIS_CLUSTER_DIR": str(FILES),
           "REDIS_CLUSTER_NODE_TIMEOUT": str(node_timeout_ms)}
    out = subprocess.run(["bash", str(ROOT / "scripts" / "redis-cluster.sh"), command, *args], env=env,
                         capture_output=True, text=True, timeout=120)
    if out.returncode != 0 and command == "start":
        raise RuntimeError(f"the cluster did not start: {out.stderr[-1000:]}")
    return out.stdout.strip()


def _pid_of(port: int) -> int:
    return int((FILES / str(port) / "redis.pid").read_text())


class Writer(threading.Thread):
    """SET w:<n>:<seq> and INCR c:<n>:<k> (k over 12 counters, so over every master), `rate` a second."""

    def __init__(self, n: int, url: str, rate: float, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.n, self.rate, self.stop = n, rate, stop
        self.client = redisclient.sync_client(url, socket_connect_timeout=1, socket_timeout=2)
        self.acknowledged: list[str] = []
        self.increments: dict[str, int] = {}
        self.failures: list[tuple[float, float]] = []  # (start, end) of each failed command
        self.done = 0

    def run(self) -> None:
        import redis

        seq = 0
        while not self.stop.is_set():
            started = time.monotonic()
            seq += 1
            key, counter = f"w:{self.n}:{seq}", f"c:{self.n}:{seq % 12}"
            for write in ("set", "incr"):
                try:
                    if write == "set":
                        self.client.set(key, seq)
                        self.acknowledged.append(key)
                    else:
                        self.client.incr(counter)
                        self.increments[counter] = self.increments.get(counter, 0) + 1
                except redis.RedisError:
                    self.failures.append((started, time.monotonic()))
                self.done += 1
            time.sleep(max(0.0, 1 / self.rate - (time.monotonic() - started)))


def _realtime(nodes: list[str], stop: threading.Event, result: dict[str, Any]) -> None:
    """A group message every 20 ms from one layer to another (two processes' layers)."""
    from vermilion.serving.clusterlayer import ClusterPubSubChannelLayer

    async def scenario() -> None:
        hosts = [{"address": node, "socket_connect_timeout": 1} for node in nodes]
        receiver = ClusterPubSubChannelLayer(hosts=hosts, prefix="bench:rt")
        sender = ClusterPubSubChannelLayer(hosts=list(reversed(hosts)), prefix="bench:rt")
        channel = await receiver.new_channel()
        await receiver.group_add("user.1", channel)
        await asyncio.sleep(0.3)
        arrivals: list[float] = []
        sent = failed_sends = 0

        async def receive() -> None:
            while True:
                await receiver.receive(channel)
                arrivals.append(time.monotonic())

        receiving = asyncio.ensure_future(receive())
        while not stop.is_set():
            try:
                await sender.group_send("user.1", {"type": "rt.event", "n": sent})
                sent += 1
            except Exception:
                failed_sends += 1
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.5)
        receiving.cancel()
        gaps = [b - a for a, b in itertools.pairwise(arrivals)]
        result.update(sent=sent, received=len(arrivals), failed_sends=failed_sends,
                      longest_gap_seconds=round(max(gaps, default=0.0), 2))
        await receiver.flush()
        await sender.flush()

    asyncio.run(scenario())


def measure(smoke: bool) -> dict[str, Any]:
    node_timeout_ms = 1000 if smoke else 3000
    url = _cluster("start", "1", node_timeout_ms=node_timeout_ms)
    try:
        stop, rate, writers_n = threading.Event(), (100.0 if smoke else 200.0), (2 if smoke else 4)
        writers = [Writer(n, url, rate, stop) for n in range(writers_n)]
        realtime: dict[str, Any] = {}
        pushing = threading.Thread(target=_realtime, args=(redisclient.node_urls(url), stop, realtime), daemon=True)
        for thread in [*writers, pushing]:
            thread.start()
        time.sleep(1.0 if smoke else 3.0)
        killed = time.monotonic()
        os.kill(_pid_of(FIRST_PORT), signal.SIGKILL)
        # Until the lost master's slots answer again, then a little more under load.
        deadline = killed + 60
        while time.monotonic() < deadline:
            time.sleep(0.2)
            last = max((end for w in writers for _s, end in w.failures), default=killed)
            if time.monotonic() - max(last, killed) > (2 if smoke else 5) and last > killed:
                break
        stop.set()
        for thread in [*writers, pushing]:
            thread.join(30)
        failures = sorted(f for w in writers for f in w.failures)
        after_kill = [f for f in failures if f[1] >= killed]
        check = redisclient.sync_client(url, socket_connect_timeout=1, socket_timeout=2)
        acknowledged = [k for w in writers for k in w.acknowledged]
        found = check.mget_nonatomic(acknowledged) if acknowledged else []
        lost = sum(1 for value in found if value is None)
        counters = {k: v for w in writers for k, v in w.increments.items()}
        stored = dict(zip(counters, check.mget_nonatomic(list(counters)), strict=True))
        short = sum(1 for k, v in counters.items() if int(stored[k] or 0) < v)
        topology = check.cluster_nodes()
        flags = [node.get("flags", "") for node in topology.values()]
        promoted = sum(1 for f in flags if "master" in f and "fail" not in f)
        return {
            "node_timeout_ms": node_timeout_ms,
            "writers": writers_n, "rate_per_writer": rate,
            "commands": sum(w.done for w in writers),
            "failed_commands": len(after_kill),
            "error_seconds": round(after_kill[-1][1] - after_kill[0][0], 2) if after_kill else 0.0,
            "recovered_after_seconds": round(max(e for _s, e in after_kill) - killed, 2) if after_kill else 0.0,
            "acknowledged_sets": len(acknowledged), "lost_acknowledged_sets": lost,
            "counters_short_of_acknowledged": short,
            "masters_after": promoted,
            "realtime": realtime,
        }
    finally:
        _cluster("stop", node_timeout_ms=node_timeout_ms)


def run(smoke: bool) -> dict[str, Any]:
    if shutil.which("redis-server") is None:
        return {"skipped": "redis-server is not installed"}
    result = measure(smoke)
    if result["masters_after"] < 3:
        raise RuntimeError(f"the cluster did not fail over: {result}")
    if result["failed_commands"] and result["recovered_after_seconds"] > 30:
        raise RuntimeError(f"commands failed for more than 30 s after the kill: {result}")
    return result


if __name__ == "__main__":
    import json

    print(json.dumps(run(smoke="--smoke" in sys.argv)))
