"""GET /healthz: liveness and readiness of every dependency, for load balancers and operators."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.cache import cache, caches
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache


def _check_database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok", "vendor": connection.vendor}


def _check_cache() -> dict[str, Any]:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    ok = cache.get(key) == "1"
    cache.delete(key)
    backend = type(caches["default"]).__name__  # `cache` is a proxy; name the real backend
    return {"status": "ok" if ok else "error", "backend": backend}


def _check_tasks() -> dict[str, Any]:
    from django_tasks import task_backends

    from .tasks import queue_state

    state = queue_state()
    return {"status": "ok", "backend": type(task_backends["default"]).__name__, **(state or {})}


CHECKS = {"database": _check_database, "cache": _check_cache, "tasks": _check_tasks}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    results: dict[str, Any] = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # a health check reports failures, it does not raise them
            results[name] = {"status": "error", "error": type(exc).__name__}
    healthy = all(item.get("status") == "ok" for item in results.values())
    return JsonResponse({"status": "ok" if healthy else "error", **results}, status=200 if healthy else 503)
