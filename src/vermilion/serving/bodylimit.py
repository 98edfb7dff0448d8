"""Request bodies are limited while they stream in, per route, before Django reads them.

Under ASGI Django reads a whole request body (to memory, then a temporary file) before any view or
check runs: a 2 GB upload or a 1 GB POST to the sign-in form was written to disk to the last byte
and only then refused. Here the limit is known from the path before the first byte is read: an
announced Content-Length over it is answered 413 at once, and a body sent in chunks is cut off the
moment it passes the limit (Django then stops reading; this layer answers 413). Uploads
(`POST /api/v1/media`) may be as large as the largest video allowed; every other body only as
large as a JSON document or a form can be.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import get_supported_language_variant, parse_accept_lang_header

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

WRITES = frozenset({"POST", "PUT", "PATCH"})
# Room for a multipart envelope (boundaries, the alt text field) around the largest file allowed.
UPLOAD_ENVELOPE_BYTES = 1024 * 1024


def upload_limit() -> int:
    media = settings.VERMILION_MEDIA
    return int(max(media["max_image_bytes"], media["max_video_bytes"])) + UPLOAD_ENVELOPE_BYTES


def body_limit() -> int:
    """Bodies that are not uploads: JSON documents and forms."""
    return int(settings.VERMILION_MAX_BODY_BYTES)


UPLOAD_PATHS = ("/api/v1/media",)


def limit_for(path: str) -> int:
    return upload_limit() if path.rstrip("/") in UPLOAD_PATHS else body_limit()


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or []:
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


def _language(scope: Scope) -> str:
    for code, _q in parse_accept_lang_header(_header(scope, b"accept-language") or ""):
        try:
            return str(get_supported_language_variant(code))
        except LookupError:
            continue
    return str(settings.LANGUAGE_CODE)


async def refuse(scope: Scope, send: Send, limit: int) -> None:
    with translation.override(_language(scope)):
        message = _("The request is too large (at most %(mb)s MB).") % {"mb": max(1, round(limit / 1024 / 1024))}
    if str(scope.get("path", "")).startswith("/api/"):
        body = json.dumps({"error": {"code": "payload_too_large", "message": message}}).encode()
        kind = b"application/json"
    else:
        body, kind = message.encode(), b"text/plain; charset=utf-8"
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in WRITES:
            await self.app(scope, receive, send)
            return
        limit = limit_for(str(scope.get("path", "")))
        announced = _header(scope, b"content-length")
        if announced is not None and (not announced.isascii() or not announced.isdigit() or int(announced) > limit):
            await refuse(scope, send, limit)
            return
        received = 0
        cut_off = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, cut_off
            if cut_off:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    cut_off = True  # Django stops reading at a disconnect and answers nothing
                    return {"type": "http.disconnect"}
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, counting_receive, watching_send)
        if cut_off and not started:
            await refuse(scope, send, limit)
