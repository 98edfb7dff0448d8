"""An optional read replica (DATABASE_REPLICA_URL): reads of GET and HEAD requests go to it,
everything else to the primary.

What may read from the replica is decided per request, not per query: a GET that reads what a POST
just wrote in the same request cannot happen, and a writing request (or a task, or a WebSocket)
reads only from the primary, so it never decides anything from a row the replica has not caught up
with. Reads inside a transaction stay on the primary too (a GET that writes, e.g. a first visit that
creates preferences, sees its own rows). Replication lag can still show a reader, right after their
own write, the page as it was before it: a writing request therefore sets a short-lived cookie that
keeps that browser's next reads on the primary for VERMILION_REPLICA_PIN_SECONDS.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PIN_COOKIE = "vermilion_primary"
SAFE_METHODS = frozenset({"GET", "HEAD"})
# True only while a safe-method request is being served: the default (tasks, commands, sockets,
# writing requests) is the primary.
replica_reads: ContextVar[bool] = ContextVar("vermilion_replica_reads", default=False)


def replica_enabled() -> bool:
    return bool(getattr(settings, "VERMILION_READ_REPLICA", False)) and REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if replica_reads.get() and replica_enabled() and not connections["default"].in_atomic_block:
            return REPLICA
        return "default"

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database, two doors

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db != REPLICA


class ReplicaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_enabled():
            return self.get_response(request)
        safe = request.method in SAFE_METHODS
        token = replica_reads.set(safe and PIN_COOKIE not in request.COOKIES)
        try:
            response = self.get_response(request)
        finally:
            replica_reads.reset(token)
        if not safe:
            response.set_cookie(PIN_COOKIE, "1", max_age=settings.VERMILION_REPLICA_PIN_SECONDS, httponly=True,
                                samesite="Lax", secure=request.is_secure())
        return response
