from __future__ import annotations

from typing import Any, Literal

from ninja import Schema
from pydantic import Field

TargetType = Literal["note", "comment", "user", "message"]


class ReportIn(Schema):
    target_type: str = Field(max_length=16)
    target_id: str = Field(max_length=32)
    reason: str = Field(max_length=32)
    detail: str = Field(default="", max_length=2000)


class ReportOut(Schema):
    id: str
    case_id: str
    created: bool


class ActionIn(Schema):
    action: str = Field(max_length=16)
    reason: str = Field(default="", max_length=4000)
    hours: int | None = None


class AppealIn(Schema):
    statement: str = Field(default="", max_length=10000)


class Page(Schema):
    items: list[dict[str, Any]]
    next_cursor: str | None


class ActedOut(Schema):
    case: dict[str, Any]
    decision: dict[str, Any] | None
