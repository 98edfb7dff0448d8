from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Router, Schema
from pydantic import Field

from vermilion.api.auth import me, signed_in, viewer
from vermilion.notes.queries import visible_note
from vermilion.notes.schemas import NoteCard

from .actions import do_feedback
from .queries import discover_page, following_page, nearby_page, viewer_region

router = Router(tags=["feed"])


class FeedCard(NoteCard):
    reason: str = ""


class FeedPage(Schema):
    items: list[FeedCard]
    next_cursor: str | None
    region: str | None = None


class FeedbackIn(Schema):
    note_id: str = Field(max_length=32)
    kind: Literal["not_interested", "less_from_topic", "less_from_author"]


class OkOut(Schema):
    ok: bool = True


@router.get("/feed/discover", response=FeedPage, auth=None)
def discover(request: HttpRequest, cursor: str | None = None, limit: int | None = None) -> dict[str, Any]:
    who = viewer(request)
    return discover_page(who, cursor, limit, viewer_region(request, who), get_language() or "en")


@router.get("/feed/following", response=FeedPage, auth=signed_in)
def following(request: HttpRequest, cursor: str | None = None, limit: int | None = None) -> dict[str, Any]:
    return following_page(me(request), cursor, limit)


@router.get("/feed/nearby", response=FeedPage, auth=None)
def nearby(request: HttpRequest, cursor: str | None = None, limit: int | None = None) -> dict[str, Any]:
    who = viewer(request)
    return nearby_page(who, viewer_region(request, who), cursor, limit, get_language() or "en")


@router.post("/feed/feedback", response=OkOut, auth=signed_in)
def feedback(request: HttpRequest, payload: FeedbackIn) -> dict[str, Any]:
    note = visible_note(me(request), payload.note_id, related=False)
    do_feedback(me(request), note, payload.kind)
    return {"ok": True}
