"""Opaque, signed keyset cursors.

A cursor carries the sort key of the last item served (and who it was served to), signed so a
client cannot forge one. Pages never skip or repeat rows when new rows arrive meanwhile.
"""

from __future__ import annotations

import json
from typing import Any

from django.core import signing
from django.utils.translation import gettext_lazy as _

from .errors import ApiError

_SALT = "vermilion.cursor"
MAX_CURSOR_AGE = 24 * 3600


def encode_cursor(position: dict[str, Any], scope: str) -> str:
    return signing.dumps({"s": scope, "p": position}, salt=_SALT, compress=True)


def decode_cursor(cursor: str | None, scope: str) -> dict[str, Any] | None:
    """The position in a cursor, None for the first page; 400 for anything forged or foreign."""
    if not cursor:
        return None
    try:
        data = signing.loads(cursor, salt=_SALT, max_age=MAX_CURSOR_AGE)
    except signing.SignatureExpired as exc:
        raise ApiError("cursor_expired", _("This list has expired. Please reload it.")) from exc
    except (signing.BadSignature, ValueError, json.JSONDecodeError) as exc:
        raise ApiError("invalid_cursor", _("The cursor is invalid.")) from exc
    if not isinstance(data, dict) or data.get("s") != scope or not isinstance(data.get("p"), dict):
        raise ApiError("invalid_cursor", _("The cursor is invalid."))
    position: dict[str, Any] = data["p"]
    return position


def clamp_limit(limit: int | None, default: int = 20, maximum: int = 50) -> int:
    if limit is None:
        return default
    return max(1, min(int(limit), maximum))


def keyset_page(queryset: Any, cursor: str | None, scope: str, limit: int | None, *, field: str = "pk",
                default: int = 20, maximum: int = 50) -> tuple[list[Any], str | None]:
    """Newest-first page of `queryset` by a unique, growing `field` (the primary key: our ids grow with time)."""
    size = clamp_limit(limit, default, maximum)
    position = decode_cursor(cursor, scope)
    if position is not None:
        before = position.get("before")
        if not isinstance(before, int):
            raise ApiError("invalid_cursor", _("The cursor is invalid."))
        queryset = queryset.filter(**{f"{field}__lt": before})
    rows = list(queryset.order_by(f"-{field}")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = encode_cursor({"before": getattr(rows[-1], field)}, scope) if more and rows else None
    return rows, next_cursor


def offset_page(queryset: Any, cursor: str | None, scope: str, limit: int | None) -> tuple[list[Any], str | None]:
    """A page of an already-ordered queryset whose order is not a stable key (e.g. "hot")."""
    size = clamp_limit(limit)
    position = decode_cursor(cursor, scope)
    offset = position.get("offset", 0) if position else 0
    if not isinstance(offset, int) or offset < 0 or offset > 10_000:
        raise ApiError("invalid_cursor", _("The cursor is invalid."))
    rows = list(queryset[offset : offset + size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return rows, (encode_cursor({"offset": offset + size}, scope) if more else None)
