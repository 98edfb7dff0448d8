from __future__ import annotations

from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from vermilion.kit.http.fields import CLIENT_TOKEN_PATTERN

Policy = Literal["everyone", "following", "nobody"]


class OpenIn(Schema):
    username: str = Field(max_length=64)


class MessageIn(Schema):
    # The real limit (rules.max_chars) is checked by the action, with a message that names it;
    # this bound only keeps absurd bodies from being parsed at all.
    body: str = Field(default="", max_length=20000)
    media_id: str | None = Field(default=None, max_length=32)
    note_id: str | None = Field(default=None, max_length=32)
    client_token: str = Field(default="", max_length=64, pattern=CLIENT_TOKEN_PATTERN)


class ReadIn(Schema):
    seq: int | None = Field(default=None, ge=0)


class ConversationPatch(Schema):
    muted: bool | None = None


class ReportIn(Schema):
    reason: str = Field(default="", max_length=300)


class PolicyIn(Schema):
    who_can_message: Policy


class PolicyOut(Schema):
    who_can_message: Policy


class ConversationOut(Schema):
    id: str
    other: dict[str, Any]
    box: Literal["inbox", "requests"]
    state: str
    muted: bool
    unread: int
    last_read_seq: int
    other_read_seq: int
    last_message: dict[str, Any] | None
    last_message_at: Any | None


class ConversationPage(Schema):
    items: list[ConversationOut]
    next_cursor: str | None
    unread: dict[str, int]


class MessageOut(Schema):
    id: str
    conversation_id: str
    seq: int
    kind: str
    sender: dict[str, Any]
    mine: bool
    body: str
    language: str | None = None
    media: dict[str, Any] | None
    note: dict[str, Any] | None
    created_at: Any
    client_token: str | None


class MessagePage(Schema):
    items: list[MessageOut]
    next_cursor: str | None
    more_after: bool | None = None


class UnreadOut(Schema):
    messages: int
    requests: int
    total: int


class EventsOut(Schema):
    events: list[dict[str, Any]]
    complete: bool
    unread: dict[str, Any]


class OkOut(Schema):
    ok: bool = True
