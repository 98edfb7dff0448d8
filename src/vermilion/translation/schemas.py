from __future__ import annotations

from ninja import Field, Schema


class TranslationOut(Schema):
    """`status` is "done" with the translated fields, or "pending": ask again after `retry_after` seconds."""

    status: str
    source_language: str | None = None
    target: str
    engine: str | None = None
    quality: str | None = Field(None, description='"ok", "literal" (a glossary pass) or "partial" (a line left as is)')
    title: str | None = None
    body: str | None = None
    text: str | None = None
    retry_after: int | None = None
    poll: str | None = None


class TranslateIn(Schema):
    text: str = Field(..., max_length=100_000)
    target: str
    source: str | None = Field(None, max_length=8)


class PreferenceOut(Schema):
    auto_translate: bool


class PreferenceIn(Schema):
    auto_translate: bool
