"""One request through the site's own ASGI application, as uvicorn would make it (the hot-read
cache's tests: tests/serving/test_hotcache*.py)."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

# Loaded as uvicorn loads it, once, before any test: loading it sets Django up again, and the
# logging configuration that comes with that would take pytest's log capture away from a test.
from vermilion.asgi import application
from vermilion.serving import asyncdb, hotcache


@pytest.fixture
def empty_hot_cache() -> Iterator[None]:
    """No entry, reader record or token hint survives from another test."""
    def clear() -> None:
        hotcache.store.clear()
        hotcache._records.clear()
        hotcache._readers.clear()

    clear()
    yield
    clear()


class Answer:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    @property
    def cached(self) -> bool:
        """Answered without Django: the reader's own entry ("hit") or a shared page ("shared")."""
        return self.headers.get("x-vermilion-cache") in ("hit", "shared")

    @property
    def shared(self) -> bool:
        return self.headers.get("x-vermilion-cache") == "shared"

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def views_as_read(self) -> bytes:
        """The body with a note's view count blanked: a shared page reads the count afresh, and a
        view the previous read counted may have been written to the database in between."""
        return re.sub(rb'"views": \d+', b'"views": _', self.body)


def call(method: str, path: str, token: str | None = None, body: Any = None,
         headers: dict[str, str] | None = None, client: str = "127.0.0.1") -> Answer:
    """One request through vermilion.asgi.application, as uvicorn would make it."""

    raw = json.dumps(body).encode() if body is not None else b""
    sent = [(b"host", b"127.0.0.1")]
    if token:
        sent.append((b"authorization", f"Bearer {token}".encode()))
    if raw:
        sent += [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode())]
    sent += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    path, _, query = path.partition("?")
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": query.encode(), "root_path": "",
             "headers": sent, "client": (client, 50000), "server": ("127.0.0.1", 8000)}
    messages: list[dict[str, Any]] = []

    async def run() -> None:
        done = False

        async def receive() -> dict[str, Any]:
            nonlocal done
            if done:
                await asyncio.sleep(3600)
            done = True
            return {"type": "http.request", "body": raw, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            messages.append(message)

        await application(scope, receive, send)
        while hotcache.refreshing:  # a background rebuild this request started
            await asyncio.gather(*hotcache.refreshing)
        await asyncdb.close_pools()  # this loop ends with the request

    asyncio.run(run())
    start = next(m for m in messages if m["type"] == "http.response.start")
    body_bytes = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return Answer(start["status"], {k.decode().lower(): v.decode() for k, v in start["headers"]}, body_bytes)
