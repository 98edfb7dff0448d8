"""Request bodies are limited while they stream in, per route, before Django reads them.

Under ASGI Django reads a whole request body (to memory, then a temporary file) before any view or
check runs: a 2 GB upload or a 1 GB POST to the sign-in form was written to disk to the last byte
and only then refused. Here the limit is known from the path before the first byte is read: an
announced Content-Length over it is answered 413 at once, and a body sent in chunks is cut off the
moment it passes the limit (Django then stops reading; this layer answers 413). Uploads
(`POST /api/v1/media`) may be as large as the largest video allowed; every other body only as
large as a JSON document or a form can be.

An upload larger than the largest photo is looked at first: the first bytes of its file part say
whether it is a photo or a video (media/sniff.py, as the upload view judges it). A photo whose
announced size is over the photo limit is refused then, after one chunk, not after the whole
body has streamed in; a photo sent without a length is cut off at the photo limit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import get_supported_language_variant, parse_accept_lang_header

from vermilion.kit.errors import ApiError
from vermilion.media.rules import file_too_large, max_bytes
from vermilion.media.sniff import sniff

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
# Room around a file of a known kind: boundaries, the part's headers (its file name), the alt text.
KIND_ENVELOPE_BYTES = 64 * 1024
# How much of an upload is read ahead to find its file part's first bytes.
PEEK_BYTES = 64 * 1024
_BOUNDARY = re.compile(rb'boundary="?([^";\s]+)"?', re.IGNORECASE)
# `name="file"` itself, not the end of `filename="file"`.
_FILE_PART = re.compile(rb'[;\s]name="?file"?(?:;|\s|$)', re.IGNORECASE)


def limit_for(path: str) -> int:
    return upload_limit() if _is_upload(path) else body_limit()


def _is_upload(path: str) -> bool:
    return path.rstrip("/") in UPLOAD_PATHS


def kind_limit(kind: str) -> int:
    """The largest upload body carrying one file of this kind ("image" or "video")."""
    return max_bytes(kind) + KIND_ENVELOPE_BYTES


def upload_kind(content_type: str, head: bytes) -> str | None:
    """"image" or "video", judged by the first bytes of the file part in the beginning of a
    multipart body; None when that part has not begun yet or is no format we accept."""
    match = _BOUNDARY.search(content_type.encode("latin-1", "replace"))
    if match is None:
        return None
    for part in head.split(b"--" + match.group(1))[1:]:
        headers, blank_line, data = part.partition(b"\r\n\r\n")
        if not blank_line:
            return None
        if _FILE_PART.search(headers) and len(data) >= 12:
            sniffed = sniff(data[:32])
            return sniffed.kind if sniffed is not None else None
    return None


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


async def refuse(scope: Scope, send: Send, limit: int, file_kind: str | None = None) -> None:
    with translation.override(_language(scope)):
        error = file_too_large(file_kind) if file_kind is not None else ApiError(
            "payload_too_large",
            _("The request is too large (at most %(mb)s MB).") % {"mb": max(1, round(limit / 1024 / 1024))})
        payload = error.payload()
    if str(scope.get("path", "")).startswith("/api/"):
        body = json.dumps(payload).encode()
        kind = b"application/json"
    else:
        body, kind = payload["error"]["message"].encode(), b"text/plain; charset=utf-8"
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
        path = str(scope.get("path", ""))
        limit = limit_for(path)
        announced = _header(scope, b"content-length")
        if announced is not None and (not announced.isascii() or not announced.isdigit() or int(announced) > limit):
            await refuse(scope, send, limit)
            return
        read_ahead: list[Message] = []
        file_kind: str | None = None
        if _is_upload(path) and (announced is None or int(announced) > kind_limit("image")):
            read_ahead, file_kind = await _judge_upload(receive, _header(scope, b"content-type") or "")
            if file_kind is not None:
                limit = kind_limit(file_kind)
                if announced is not None and int(announced) > limit:
                    await refuse(scope, send, limit, file_kind)
                    return
        received = 0
        cut_off = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, cut_off
            if cut_off:
                return {"type": "http.disconnect"}
            message = read_ahead.pop(0) if read_ahead else await receive()
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
            await refuse(scope, send, limit, file_kind)


async def _judge_upload(receive: Receive, content_type: str) -> tuple[list[Message], str | None]:
    """Reads ahead until the file part's first bytes tell its kind (usually the first chunk), at
    most PEEK_BYTES, the end of the body or a disconnect. Returns the messages read (handed on
    unchanged) and the kind, or None."""
    messages: list[Message] = []
    head = b""
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return messages, None
        head += message.get("body", b"")
        kind = upload_kind(content_type, head)
        if kind is not None or len(head) >= PEEK_BYTES or not message.get("more_body", False):
            return messages, kind
