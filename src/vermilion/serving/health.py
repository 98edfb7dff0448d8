"""GET /healthz: liveness and readiness of every dependency, for load balancers and operators."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.cache import cache, caches
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from vermilion.feed.timeline import client
from vermilion.kit import redisclient

from .preflight import check_media_storage
from .replicahealth import monitor
from .taskqueue import queue_state


def _check_database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok", "vendor": connection.vendor}


def _check_replica() -> dict[str, Any]:
    from django.conf import settings
    from django.db import connections

    if not settings.VERMILION_READ_REPLICA or "replica" not in settings.DATABASES:
        return {"status": "ok", "configured": False}
    # Checked now, not the router's cached answer: whether reads go to it, and how far behind it is.
    # Without it reads go to the primary, so the process stays in service ("degraded", 200).
    state = monitor.state(fresh=True)
    if state.usable:
        with connections["replica"].cursor() as cursor:  # and the way requests reach it (its pool) works
            cursor.execute("SELECT 1")
            cursor.fetchone()
    return {"status": "ok" if state.usable else "degraded", "configured": True, **state.as_dict()}


def _check_cache() -> dict[str, Any]:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    ok = cache.get(key) == "1"
    cache.delete(key)
    backend = type(caches["default"]).__name__  # `cache` is a proxy; name the real backend
    return {"status": "ok" if ok else "error", "backend": backend}


def _check_tasks() -> dict[str, Any]:
    from django_tasks import task_backends


    state = queue_state()
    return {"status": "ok", "backend": type(task_backends["default"]).__name__, **(state or {})}


def _check_channels() -> dict[str, Any]:
    """The realtime layer: with Redis, messages between processes; without it, in-process only."""
    from django.conf import settings

    layer = settings.CHANNEL_LAYERS["default"]
    backend = layer["BACKEND"].rsplit(".", 1)[-1]
    hosts = layer.get("CONFIG", {}).get("hosts", [])
    for host in hosts:
        _ping(host if isinstance(host, str) else host.get("address", ""))
    return {"status": "ok", "backend": backend}


def _check_timelines() -> dict[str, Any]:

    redis = client()
    if redis is None:
        return {"status": "ok", "backend": "database"}
    redis.ping()
    return {"status": "ok", "backend": "redis"}


def _check_media() -> dict[str, Any]:
    from django.core.files.storage import storages


    if check_media_storage() is not None:
        raise OSError("media storage unavailable")
    return {"status": "ok", "backend": type(storages["default"]).__name__}


def _ping(url: str) -> None:
    client = redisclient.sync_client(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    finally:
        client.close()


CHECKS = {"database": _check_database, "replica": _check_replica, "cache": _check_cache, "tasks": _check_tasks,
          "channels": _check_channels, "timelines": _check_timelines, "media": _check_media}
# Without these the site still serves pages (no realtime push, following feed from the database,
# no uploads, every read on the primary): /healthz says "degraded" but stays 200, so a load balancer
# keeps the process.
DEGRADABLE = frozenset({"channels", "timelines", "media", "replica"})


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    results: dict[str, Any] = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # a health check reports failures, it does not raise them
            results[name] = {"status": "degraded" if name in DEGRADABLE else "error", "error": type(exc).__name__}
    statuses = {item.get("status") for item in results.values()}
    overall = "error" if statuses - {"ok", "degraded"} else "degraded" if "degraded" in statuses else "ok"
    return JsonResponse({"status": overall, **results}, status=503 if overall == "error" else 200)
