from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema

from vermilion.accounts.callers import me
from vermilion.kit.http.auth import signed_in
from vermilion.kit.http.body import openapi_body, optional_body
from vermilion.kit.pagination import keyset_page

from .actions import do_mark_read
from .queries import cover_urls, notification_payload, notifications_for, unread_counts

router = Router(tags=["notifications"])

Group = Literal["likes_collects", "follows", "comments_mentions"]


class NotificationPage(Schema):
    items: list[dict[str, Any]]
    next_cursor: str | None
    unread: dict[str, int]


class ReadIn(Schema):
    group: Group | None = None


class UnreadOut(Schema):
    likes_collects: int
    follows: int
    comments_mentions: int
    total: int


@router.get("/notifications", response=NotificationPage, auth=signed_in)
def list_notifications(
    request: HttpRequest, group: Group | None = None, cursor: str | None = None, limit: int | None = None
) -> dict[str, Any]:
    user = me(request)
    rows, next_cursor = keyset_page(notifications_for(user, group), cursor, f"notifications:{group or ''}", limit)
    covers = cover_urls([r.note_id for r in rows if r.note_id])
    return {
        "items": [notification_payload(r, covers) for r in rows],
        "next_cursor": next_cursor,
        "unread": unread_counts(user),
    }


@router.get("/notifications/unread", response=UnreadOut, auth=signed_in)
def unread(request: HttpRequest) -> dict[str, int]:
    return unread_counts(me(request))


@router.post("/notifications/read", response=UnreadOut, auth=signed_in, openapi_extra=openapi_body(ReadIn))
def mark_read(request: HttpRequest) -> dict[str, int]:
    """Mark one group read, or everything when no group is given."""
    do_mark_read(me(request), optional_body(request, ReadIn).group)
    return unread_counts(me(request))
