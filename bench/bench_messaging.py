"""Direct messages: accepted and delivered messages per second, send→receipt latency, memory per socket.

Starts uvicorn on 127.0.0.1 (the embedded default: SQLite, one web process) with the in-memory
channel layer, then again with the Redis layer when Redis answers on 127.0.0.1. Connects 1,000
WebSocket clients (smoke: 10), one per person, in pairs who follow each other; sender threads post
messages over the HTTP API with the send time in the body; every recipient socket records when the
message event arrives. Loops are bounded in count and time and stop by themselves.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _seed(path: str, people: int) -> None:
    """Runs in a child process: migrate, then pairs of friends with a conversation and a token each."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from vermilion.accounts.models import User
    from vermilion.accounts.tokens import issue_token
    from vermilion.graph.models import Follow
    from vermilion.messaging.models import Conversation, Participant

    call_command("migrate", "--noinput", "-v", "0")
    with transaction.atomic():
        users = User.objects.bulk_create([User(username=f"dm{i:05d}") for i in range(people)], batch_size=1000)
        tokens = [issue_token(u) for u in users]
        pairs = [(users[i], users[i + 1]) for i in range(0, people - 1, 2)]
        Follow.objects.bulk_create([Follow(follower=a, followee=b) for x, y in pairs for a, b in ((x, y), (y, x))])
        conversations = Conversation.objects.bulk_create(
            [Conversation(user_low_id=min(a.pk, b.pk), user_high_id=max(a.pk, b.pk)) for a, b in pairs])
        Participant.objects.bulk_create([Participant(conversation=c, user=u, other=o)
                                         for c, (a, b) in zip(conversations, pairs, strict=True)
                                         for u, o in ((a, b), (b, a))])
    Path(path).write_text(json.dumps({
        "tokens": tokens,
        "pairs": [[2 * i, 2 * i + 1, str(c.pk)] for i, c in enumerate(conversations)],
    }))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _wait_up(port: int, deadline: float) -> None:
    """Until /healthz answers; the first request also loads the URLconf, which is not measured."""
    status = None
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            conn.request("GET", "/healthz")
            status = conn.getresponse().status
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the server did not come up (last /healthz status: {status})")


def _sender(port: int, jobs: list[tuple[str, str, int]], results: list[int], stop_at: float) -> None:
    """Post (token, conversation, n) messages over one keep-alive connection; record status codes."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for token, conversation, n in jobs:
        if time.monotonic() > stop_at:
            break
        body = json.dumps({"body": f"bench {time.perf_counter():.6f}", "client_token": f"b{conversation}-{n}"})
        conn.request("POST", f"/api/v1/conversations/{conversation}/messages", body=body,
                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        results.append(response.status)
    conn.close()


async def _listen(port: int, token: str, latencies: list[float], ready: asyncio.Event, counter: list[int],
                  expected: int, stop_at: float) -> None:
    from websockets.asyncio.client import connect

    async with connect(f"ws://127.0.0.1:{port}/ws?token={token}", open_timeout=60, max_queue=None) as ws:
        hello = json.loads(await asyncio.wait_for(ws.recv(), timeout=60))
        assert hello["type"] == "hello", hello
        counter[0] += 1
        if counter[0] == expected:
            ready.set()
        while time.monotonic() < stop_at:
            try:
                raw = await asyncio.wait_for(ws.recv(), timeout=max(0.1, stop_at - time.monotonic()))
            except TimeoutError:
                break
            event = json.loads(raw)
            if event.get("type") == "message" and not event["message"]["mine"]:
                sent = float(event["message"]["body"].split()[1])
                latencies.append(time.perf_counter() - sent)
                if len(latencies) >= counter[1]:
                    break


def _measure(layer: str, redis_url: str | None, people: int, messages: int, senders: int) -> dict[str, Any]:
    data_dir = tempfile.mkdtemp(prefix="vermilion-bench-dm-")
    os.makedirs(os.path.join(data_dir, "static"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.messaging_settings", "VERMILION_DATA_DIR": data_dir,
           "VERMILION_BENCH_CHANNEL_REDIS": redis_url or "", "PYTHONPATH": str(ROOT)}
    seed_file = os.path.join(data_dir, "seed.json")
    subprocess.run([sys.executable, "-m", "bench.bench_messaging", "--seed", seed_file, str(people)],
                   env=env, cwd=ROOT, check=True, timeout=300)
    seed = json.loads(Path(seed_file).read_text())
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "vermilion.asgi:application", "--host", "127.0.0.1",
                               "--port", str(port), "--lifespan", "off", "--log-level", "warning",
                               "--ws-max-queue", "256"], env=env, cwd=ROOT)
    try:
        _wait_up(port, time.monotonic() + 240)
        before_kb = _rss_kb(server.pid)
        result = asyncio.run(_drive(port, seed, messages, senders, server.pid))
        result["rss_before_mb"] = round(before_kb / 1024, 1)
        result["memory_per_connection_kb"] = round((result.pop("rss_connected_kb") - before_kb) / len(seed["tokens"]), 1)
        return {"layer": layer, "sockets": len(seed["tokens"]), **result}
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


async def _drive(port: int, seed: dict[str, Any], messages: int, senders: int, server_pid: int) -> dict[str, Any]:
    tokens, pairs = seed["tokens"], seed["pairs"]
    latencies: list[float] = []
    counter = [0, messages]
    ready = asyncio.Event()
    stop_at = time.monotonic() + 180
    listeners = []
    for token in tokens:  # connect gradually: a thousand handshakes at once is a different benchmark
        listeners.append(asyncio.create_task(_listen(port, token, latencies, ready, counter, len(tokens), stop_at)))
        await asyncio.sleep(0.002)
    await asyncio.wait_for(ready.wait(), timeout=120)
    await asyncio.sleep(1.0)
    rss_connected = _rss_kb(server_pid)
    # Each message goes from the lower member of a pair to the other, spread over all pairs.
    jobs = [(tokens[pairs[i % len(pairs)][0]], pairs[i % len(pairs)][2], i) for i in range(messages)]
    statuses: list[int] = []
    threads = [threading.Thread(target=_sender, args=(port, jobs[k::senders], statuses, stop_at)) for k in range(senders)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    await asyncio.get_running_loop().run_in_executor(None, lambda: [t.join() for t in threads])
    sent_seconds = time.perf_counter() - started
    deadline = time.monotonic() + 30
    while len(latencies) < messages and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    delivered_seconds = time.perf_counter() - started
    for task in listeners:
        task.cancel()
    await asyncio.gather(*listeners, return_exceptions=True)
    accepted = statuses.count(201)
    ordered = sorted(latencies)
    return {
        "messages": messages,
        "accepted": accepted,
        "delivered": len(latencies),
        "accepted_per_second": round(accepted / sent_seconds, 1),
        "delivered_per_second": round(len(latencies) / delivered_seconds, 1),
        "latency_p50_ms": round(statistics.median(ordered) * 1000, 1) if ordered else None,
        "latency_p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 1) if ordered else None,
        "rss_connected_kb": rss_connected,
    }


def _redis_url() -> str | None:
    try:
        import redis

        redis.Redis(host="127.0.0.1", port=6379, socket_timeout=2).ping()
    except Exception:
        return None
    return "redis://127.0.0.1:6379/14"


def run(smoke: bool) -> dict[str, Any]:
    people, messages, senders = (10, 20, 2) if smoke else (1000, 3000, 8)
    results: dict[str, Any] = {"embedded": _measure("in-memory", None, people, messages, senders)}
    print(f"[bench_messaging] embedded: {json.dumps(results['embedded'])}", file=sys.stderr, flush=True)
    redis_url = None if smoke else _redis_url()  # smoke: the in-memory layer only (CI's Redis is busy with tests)
    if redis_url:
        results["redis"] = _measure("redis", redis_url, people, messages, senders)
    for name, figures in results.items():
        if figures["delivered"] < figures["accepted"] or figures["accepted"] < messages:
            raise RuntimeError(f"{name}: {figures['accepted']} accepted, {figures['delivered']} delivered of {messages}")
    return results


if __name__ == "__main__" and len(sys.argv) == 4 and sys.argv[1] == "--seed":
    _seed(sys.argv[2], int(sys.argv[3]))
