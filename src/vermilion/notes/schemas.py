from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from vermilion.kit.http.fields import CLIENT_TOKEN_PATTERN


class NoteIn(Schema):
    title: str = Field(default="", max_length=400)
    body: str = Field(default="", max_length=20000)
    media_ids: list[str] = Field(default_factory=list, max_length=100)
    topics: list[str] | None = Field(default=None, max_length=100)
    mentions: list[str] | None = Field(default=None, max_length=100)
    location: str | None = Field(default=None, max_length=400)
    visibility: str | None = Field(default=None, max_length=20)
    draft: bool = False
    client_token: str = Field(default="", max_length=64, pattern=CLIENT_TOKEN_PATTERN)


class NotePatch(Schema):
    title: str | None = Field(default=None, max_length=400)
    body: str | None = Field(default=None, max_length=20000)
    media_ids: list[str] | None = Field(default=None, max_length=100)
    topics: list[str] | None = Field(default=None, max_length=100)
    mentions: list[str] | None = Field(default=None, max_length=100)
    location: str | None = Field(default=None, max_length=400)
    visibility: str | None = Field(default=None, max_length=20)


class Author(Schema):
    id: str
    username: str
    display_name: str
    avatar: dict[str, str] | None


class NoteCounts(Schema):
    likes: int
    collects: int
    comments: int
    views: int


class NoteViewer(Schema):
    liked: bool
    collected: bool
    board_id: str | None
    is_author: bool


class NoteOut(Schema):
    id: str
    title: str
    body: str
    kind: str
    status: str
    failure_reason: str | None
    under_review: bool
    labels: list[str] = []  # "sponsored", "ai_generated" (PUT /notes/{id}/disclosure)
    moderation: str | None = None  # ok, limited, held, removed: for the author only
    visibility: str
    author: Author
    media: list[dict[str, Any]]
    topics: list[dict[str, str]]
    mentions: list[dict[str, str]]
    location: str | None
    location_label: str | None = None  # the place named in the reader's language where known (kit/places.py)
    language: str | None
    ip_region: str
    created_at: datetime
    published_at: datetime | None
    edited_at: datetime | None
    counts: NoteCounts
    viewer: NoteViewer


class NoteCard(Schema):
    id: str
    title: str
    kind: str
    status: str
    cover: dict[str, Any] | None
    author: Author
    likes: int
    viewer_liked: bool
    published_at: datetime | None


class NoteCardPage(Schema):
    items: list[NoteCard]
    next_cursor: str | None


class CollectIn(Schema):
    board_id: str | None = Field(default=None, max_length=32)


class StateOut(Schema):
    ok: bool = True
    liked: bool | None = None
    collected: bool | None = None
    board_id: str | None = None
    count: int | None = None


class BoardIn(Schema):
    name: str = Field(max_length=400)
    description: str = Field(default="", max_length=2000)
    private: bool = False


class BoardPatch(Schema):
    name: str | None = Field(default=None, max_length=400)
    description: str | None = Field(default=None, max_length=2000)
    private: bool | None = None


class BoardOut(Schema):
    id: str
    name: str
    description: str
    private: bool
    is_default: bool
    notes_count: int
    created_at: datetime


class BoardPage(Schema):
    items: list[BoardOut]
    next_cursor: str | None = None


class CommentIn(Schema):
    body: str = Field(default="", max_length=5000)
    parent_id: str | None = Field(default=None, max_length=32)
    media_id: str | None = Field(default=None, max_length=32)


class CommentOut(Schema):
    id: str
    note_id: str
    parent_id: str | None
    author: Author
    reply_to: dict[str, str] | None
    body: str
    media: dict[str, Any] | None
    language: str | None
    ip_region: str
    created_at: datetime
    likes: int
    replies_count: int
    viewer_liked: bool
    replies: list[CommentOut] | None = None


class CommentPage(Schema):
    items: list[CommentOut]
    next_cursor: str | None


class TopicOut(Schema):
    name: str
    notes_count: int
    views_count: int
    discussions_count: int


TopicSort = Literal["hot", "new"]


class LabelsIn(Schema):
    sponsored: bool = False
    ai_generated: bool = False


class LabelsOut(Schema):
    sponsored: bool
    ai_generated: bool
