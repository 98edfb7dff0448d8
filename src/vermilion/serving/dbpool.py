"""The connection pool's check before it lends a PostgreSQL connection out.

psycopg_pool's own check (what CONN_HEALTH_CHECKS turns on) sends an empty query: one round trip
per request, a tenth of the note page's time under load. This one makes no round trip. An idle
connection has nothing to read, so a readable socket means the server said goodbye — PostgreSQL
restarting or a backend terminated sends a FATAL message and closes — and the connection is
replaced instead of failing a request. A connection cut without a word (a network partition) is
not caught here; the request that finds it fails once and the pool discards it.
"""

from __future__ import annotations

import select
from typing import Any

import psycopg


def server_went_away(conn: Any) -> bool:
    """An idle connection's socket has something to read only when the server closed it (or sent
    an error before closing): no round trip needed to know it cannot be used."""
    readable, _, _ = select.select([conn.fileno()], [], [], 0)
    return bool(readable)


def check_connection(conn: Any) -> None:
    if conn.closed or conn.broken:
        raise psycopg.OperationalError("the connection is closed")
    if server_went_away(conn):
        conn.close()  # closed, the pool throws it away and opens another (open, it would lend it again)
        raise psycopg.OperationalError("the server closed the connection")


def use_for_pools(sender: object, connection: Any, **kwargs: Any) -> None:
    """`connection_created` receiver: give the alias's pool this check. Django builds the pool
    itself and passes its own `check` (a round trip, with CONN_HEALTH_CHECKS) or none, so the
    check is set on the pool once it exists (tests/serving/test_settings.py proves it takes effect)."""
    pool = getattr(connection, "pool", None)
    if pool is not None and getattr(pool, "_check", None) is not check_connection:
        pool._check = check_connection
