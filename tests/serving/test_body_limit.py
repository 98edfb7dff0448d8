"""Bodies are limited while they stream in (serving/bodylimit.py): an announced size over the route's
limit is refused before a byte is read, a body that grows past it in chunks is cut off there."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from vermilion.serving import bodylimit

from .asgi_call import application  # the site's ASGI application, loaded once as uvicorn loads it

pytestmark = pytest.mark.django_db(transaction=True)


def _send(path: str, *, announced: int | None, chunks: list[bytes], language: str = "en",
          content_type: str = "application/json") -> tuple[int, Any, int]:
    """(status, body, bytes the application asked for) of one POST through the ASGI stack."""
    headers = [(b"host", b"127.0.0.1"), (b"content-type", content_type.encode()),
               (b"accept-language", language.encode())]
    if announced is not None:
        headers.append((b"content-length", str(announced).encode()))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "", "headers": headers,
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000)}
    out: list[dict[str, Any]] = []
    pulled = 0

    async def run() -> None:
        queue = list(chunks)

        async def receive() -> dict[str, Any]:
            nonlocal pulled
            if not queue:
                await asyncio.sleep(3600)
            chunk = queue.pop(0)
            pulled += len(chunk)
            return {"type": "http.request", "body": chunk, "more_body": bool(queue)}

        async def send(message: dict[str, Any]) -> None:
            out.append(message)

        await asyncio.wait_for(application(scope, receive, send), timeout=60)

    asyncio.run(run())
    start = next(m for m in out if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in out if m["type"] == "http.response.body")
    try:
        decoded: Any = json.loads(body)
    except ValueError:
        decoded = body.decode()
    return start["status"], decoded, pulled


def test_an_announced_body_over_the_limit_is_refused_before_it_is_read() -> None:
    too_big = bodylimit.body_limit() + 1
    status, body, pulled = _send("/api/v1/auth/login", announced=too_big, chunks=[b"x" * 1024] * 4)
    assert status == 413 and body["error"]["code"] == "payload_too_large"
    assert pulled == 0  # not one byte of the body was taken in


def test_a_chunked_body_is_cut_off_where_it_passes_the_limit() -> None:
    limit = bodylimit.body_limit()
    chunk = b"x" * (64 * 1024)
    chunks = [chunk] * (limit // len(chunk) + 40)  # far more than the limit, sent without a length
    status, body, pulled = _send("/api/v1/auth/login", announced=None, chunks=chunks, language="zh-hans")
    assert status == 413 and body["error"]["code"] == "payload_too_large"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["error"]["message"])  # in the reader's language
    assert pulled <= limit + len(chunk)  # stopped reading at the limit, not at the end


def test_an_upload_may_be_as_large_as_the_largest_video_and_no_larger(settings: Any) -> None:
    assert bodylimit.limit_for("/api/v1/media") > settings.VERMILION_MEDIA["max_video_bytes"]
    assert bodylimit.limit_for("/api/v1/notes") == bodylimit.body_limit() < 2 * 1024 * 1024
    status, _body, pulled = _send("/api/v1/media", announced=bodylimit.upload_limit() + 1, chunks=[b"x"])
    assert status == 413 and pulled == 0


def test_a_body_within_the_limit_goes_through() -> None:
    status, body, _pulled = _send("/api/v1/auth/login", announced=None,
                                  chunks=[b'{"username": "nobody_here", ', b'"password": "wrong-password"}'])
    assert status == 401 and body["error"]["code"] == "invalid_credentials"
