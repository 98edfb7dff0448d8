"""An optional read replica (DATABASE_REPLICA_URL): reads of GET and HEAD requests go to it,
everything else to the primary.

What may read from the replica is decided per request, not per query: a GET that reads what a POST
just wrote in the same request cannot happen, and a writing request (or a task, or a WebSocket)
reads only from the primary, so it never decides anything from a row the replica has not caught up
with. Reads inside a transaction stay on the primary too (a GET that writes, e.g. a first visit that
creates preferences, sees its own rows). Replication lag can still show a reader, right after their
own write, the page as it was before it: a writing request therefore sets a short-lived cookie that
keeps that browser's next reads on the primary for VERMILION_REPLICA_PIN_SECONDS.

A replica that is gone, or further behind than VERMILION_REPLICA_MAX_LAG_SECONDS, is not read from
(serving/replicahealth.py checks it, about once a second per process), and a read that fails on it
halfway through a request does not fail the request: the request runs again on the primary. With
the lag bound plus the check interval no longer than the pin, a writer never reads a replica that
has not replayed their write, even after the pin ran out.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse

from .replicahealth import REPLICA, monitor

PIN_COOKIE = "vermilion_primary"
SAFE_METHODS = frozenset({"GET", "HEAD"})
# True only while a safe-method request is being served: the default (tasks, commands, sockets,
# writing requests) is the primary.
replica_reads: ContextVar[bool] = ContextVar("vermilion_replica_reads", default=False)


def replica_enabled() -> bool:
    return bool(getattr(settings, "VERMILION_READ_REPLICA", False)) and REPLICA in settings.DATABASES


class ReplicaLost(BaseException):
    """A query on the replica failed halfway through a request. Not an Exception on purpose: Django's
    handler around each middleware and view (and Ninja's) turns every Exception into a logged 500
    before an outer middleware could see it. This one passes them, and ReplicaMiddleware, which
    raised it, catches it and runs the request again on the primary."""


def replica_connected() -> bool:
    """Open the request's replica connection on its first read. A replica that refuses it (it is gone,
    or its pool lends no connection within its timeout) sends this read, and the process's next ones
    until the next check, to the primary instead of failing the request."""
    replica = connections[REPLICA]
    if replica.connection is not None:
        return True
    try:
        replica.ensure_connection()
    except DatabaseError as exc:
        monitor.mark_down(exc)
        return False
    return True


def fail_over(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    """The replica connection's execute wrapper while a request reads from it: a connection lost or a
    query cancelled by the replica (a recovery conflict) becomes ReplicaLost. Errors in the query
    itself (ProgrammingError, DataError) would fail on the primary too and stay what they are."""
    try:
        return execute(sql, params, many, context)
    except (OperationalError, InterfaceError) as exc:
        raise ReplicaLost from exc


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if (replica_reads.get() and replica_enabled() and not connections["default"].in_atomic_block
                and not monitor.failed() and replica_connected()):
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
        # Asked once, so that a request reads from one server: a check that finds the replica
        # lagging meanwhile moves the next requests, not the rest of this one.
        from_replica = safe and PIN_COOKIE not in request.COOKIES and monitor.usable()
        response = self._respond(request, from_replica=from_replica)
        if not safe:
            response.set_cookie(PIN_COOKIE, "1", max_age=settings.VERMILION_REPLICA_PIN_SECONDS, httponly=True,
                                samesite="Lax", secure=request.is_secure())
        return response

    def _respond(self, request: HttpRequest, from_replica: bool) -> HttpResponse:
        token = replica_reads.set(from_replica)
        try:
            if not from_replica:
                return self.get_response(request)
            with connections[REPLICA].execute_wrapper(fail_over):
                return self.get_response(request)
        except ReplicaLost as lost:
            monitor.mark_down(lost.__cause__ or lost)
        finally:
            replica_reads.reset(token)
        # A safe request, run again with every read on the primary. What it wrote before the replica
        # failed is written again: a view is counted once per viewer and day anyway, a first visit's
        # preferences exist by then; a Discover page's impressions (the ranker's training rows) are
        # logged twice, which a rare failover cannot skew.
        return self._respond(request, from_replica=False)
