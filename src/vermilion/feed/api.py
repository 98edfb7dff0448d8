from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Router, Schema
from pydantic import Field

from vermilion.accounts.callers import me, reader, reading_region
from vermilion.kit.http.auth import signed_in
from vermilion.kit.replay import replayable
from vermilion.notes.queries import visible_note
from vermilion.notes.schemas import NoteCard

from .actions import do_feedback, do_record_dwell, do_record_impressions, do_update_preferences
from .discover import preferences_of
from .queries import discover_page, following_page, nearby_page, preferences_payload, viewer_region

router = Router(tags=["feed"])
# A reader pulling to refresh within these seconds gets the page they just had (serving/hotcache.py);
# their own likes, follows, feedback and any removal make it a miss at once. A followed author's
# new note shows on the first page after at most FOLLOWING_REPLAY_SECONDS.
FOLLOWING_REPLAY_SECONDS = 10
DISCOVER_REPLAY_SECONDS = 30


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
@replayable(DISCOVER_REPLAY_SECONDS)
def discover(request: HttpRequest, cursor: str | None = None, limit: int | None = None) -> dict[str, Any]:
    who = reader(request)
    page, shown = discover_page(who, cursor, limit, viewer_region(request, who), get_language() or "en",
                                reading_region(request, who))
    if who is not None:
        do_record_impressions(who, shown)
    return page


@router.get("/feed/following", response=FeedPage, auth=signed_in)
@replayable(FOLLOWING_REPLAY_SECONDS)
def following(request: HttpRequest, cursor: str | None = None, limit: int | None = None) -> dict[str, Any]:
    return following_page(me(request), cursor, limit, reading_region(request, me(request)))


@router.get("/feed/nearby", response=FeedPage, auth=None)
def nearby(request: HttpRequest, cursor: str | None = None, limit: int | None = None) -> dict[str, Any]:
    who = reader(request)
    return nearby_page(who, viewer_region(request, who), cursor, limit, get_language() or "en",
                       reading_region(request, who))


@router.post("/feed/feedback", response=OkOut, auth=signed_in)
def feedback(request: HttpRequest, payload: FeedbackIn) -> dict[str, Any]:
    note = visible_note(me(request), payload.note_id, reading_region(request, me(request)), related=False)
    do_feedback(me(request), note, payload.kind)
    return {"ok": True}


class PreferencesIO(Schema):
    muted_words: list[str] = Field(default_factory=list, max_length=200)
    muted_topics: list[str] = Field(default_factory=list, max_length=200)
    discovery: int = 50
    nearby_region: str = ""


class PreferencesPatch(Schema):
    muted_words: list[str] | None = Field(default=None, max_length=200)
    muted_topics: list[str] | None = Field(default=None, max_length=200)
    discovery: int | None = None
    nearby_region: str | None = Field(default=None, max_length=8)


class DwellIn(Schema):
    note_id: str = Field(max_length=32)
    seconds: int


@router.post("/feed/dwell", response=OkOut, auth=signed_in)
def dwell(request: HttpRequest, payload: DwellIn) -> dict[str, Any]:
    """How long the reader stayed on a note: a quiet signal of interest for their next pages."""
    note = visible_note(me(request), payload.note_id, reading_region(request, me(request)), related=False)
    do_record_dwell(me(request), note, payload.seconds)
    return {"ok": True}


@router.get("/feed/preferences", response=PreferencesIO, auth=signed_in)
def get_preferences(request: HttpRequest) -> dict[str, Any]:
    return preferences_payload(preferences_of(me(request)))


@router.patch("/feed/preferences", response=PreferencesIO, auth=signed_in)
def patch_preferences(request: HttpRequest, payload: PreferencesPatch) -> dict[str, Any]:
    """Muted words and topics, and "more familiar" (0) to "more discovery" (100)."""
    return preferences_payload(do_update_preferences(me(request), payload.model_dump()))
