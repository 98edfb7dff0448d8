"""One-row reads from the event loop, for checks that answer before Django would (serving/hotcache.py).

On PostgreSQL each web process keeps a few connections of its own in an asyncio pool: the query
goes out from the event loop, with no thread and none of Django's request machinery, and is
prepared by the server after a few runs (VERMILION_HOT_CHECK_PREPARE=false behind a pooler that
cannot keep prepared statements). Elsewhere (SQLite: tests, the embedded
default) the query runs in a thread through Django's own connection. The SQL comes from Django's
compiler, so it is written for the alias's engine.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import connections

from .dbpool import server_went_away
from .replica import REPLICA, replica_enabled

POOL_WAIT_SECONDS = 1.0  # the caller falls back to Django rather than queue for a connection
_pools: dict[str, tuple[asyncio.AbstractEventLoop, Any]] = {}


def is_postgresql(alias: str) -> bool:
    return str(settings.DATABASES[alias]["ENGINE"]).endswith("postgresql")


def read_alias() -> str:
    """The replica when one is configured for reads (serving/replica.py), else the primary."""

    return REPLICA if replica_enabled() else "default"


def _connection_kwargs(alias: str) -> dict[str, Any]:
    params = connections[alias].get_connection_params()
    for django_only in ("cursor_factory", "context", "pool"):
        params.pop(django_only, None)
    params["prepare_threshold"] = 5 if settings.VERMILION_HOT_CHECK_PREPARE else None
    params["autocommit"] = True  # one SELECT: no transaction to end, no rollback round trip on return
    return params


async def _check(conn: Any) -> None:
    """kit/dbpool.check_connection for an asyncio connection (whose close is awaited)."""
    import psycopg

    if conn.closed or conn.broken:
        raise psycopg.OperationalError("the connection is closed")
    if server_went_away(conn):
        await conn.close()
        raise psycopg.OperationalError("the server closed the connection")


async def _pool(alias: str) -> Any:
    """This event loop's pool for the alias (an asyncio connection belongs to the loop it was made in)."""
    from psycopg_pool import AsyncConnectionPool

    loop = asyncio.get_running_loop()
    kept = _pools.get(alias)
    if kept is not None and kept[0] is loop:
        return kept[1]
    pool = AsyncConnectionPool(kwargs=_connection_kwargs(alias), min_size=1,
                               max_size=settings.VERMILION_HOT_CHECK_CONNECTIONS,
                               open=False, check=_check, name=f"vermilion-hot-{alias}")
    _pools[alias] = (loop, pool)
    await pool.open(wait=False)
    return pool


def _fetch_in_thread(alias: str, sql: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return tuple(row) if row is not None else None


async def fetch_row(alias: str, sql: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
    """The first row of `sql`, or None when there is none; raises when the database cannot answer."""
    if not is_postgresql(alias):
        return await asyncio.to_thread(_fetch_in_thread, alias, sql, params)
    pool = await _pool(alias)
    async with pool.connection(timeout=POOL_WAIT_SECONDS) as conn:
        cursor = await conn.execute(sql, params)
        row = await cursor.fetchone()
    return tuple(row) if row is not None else None


async def close_pools() -> None:
    """Close this event loop's pools (tests, which run a loop per request; a server's process
    keeps its pools until it exits)."""
    loop = asyncio.get_running_loop()
    for alias, (owner, pool) in list(_pools.items()):
        if owner is loop:
            del _pools[alias]
            await pool.close()
