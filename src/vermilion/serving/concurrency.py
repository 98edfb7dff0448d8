"""A bound on the HTTP requests one web process works on at once.

Django runs each request's sync code in a thread of its own (one ThreadSensitiveContext per
request), so a process takes on every request that arrives: under a surge, dozens at once, each
wanting a database connection from a pool of VERMILION_DB_POOL_SIZE, all sharing one GIL. Past the
pool, requests waited for a connection and failed after its timeout (seen in the surge benchmark:
503s after 10 s). Here, the requests beyond the bound wait their turn in the event loop, costing
nothing, and every admitted request has a connection ready. WebSockets and file downloads
(static files, and media when the embedded default serves them) are not counted: they need no
database, and a slow phone fetching a video must not hold a place for minutes.
"""

from __future__ import annotations

import asyncio
from typing import Any


class BoundedHttp:
    def __init__(self, app: Any, limit: int, unbounded_prefixes: tuple[str, ...] = ()) -> None:
        self.app = app
        self.limit = max(1, limit)
        self.unbounded = tuple(p for p in unbounded_prefixes if p.startswith("/"))
        self._slots: asyncio.Semaphore | None = None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or (self.unbounded and str(scope.get("path", "")).startswith(self.unbounded)):
            await self.app(scope, receive, send)
            return
        if self._slots is None:  # made on first use, inside the server's event loop
            self._slots = asyncio.Semaphore(self.limit)
        async with self._slots:
            await self.app(scope, receive, send)
