from __future__ import annotations

from typing import Any, Literal

from ninja import Schema

from vermilion.notes.schemas import Author, NoteCard

Sort = Literal["relevance", "latest", "likes", "comments", "collects"]
Kind = Literal["all", "image", "video"]
Period = Literal["all", "day", "week", "half_year"]
Scope = Literal["all", "following", "seen", "unseen"]


class Match(Schema):
    """Why a note was found: by its words, its meaning or both; in which language; and a short
    explanation in the reader's language when the note is in the other language."""

    matched: Literal["words", "meaning", "words_and_meaning"]
    language: str | None
    cross_language: bool
    reason: str


class SearchCard(NoteCard):
    match: Match


class NoteResults(Schema):
    items: list[SearchCard]
    next_cursor: str | None


class PersonResult(Author):
    followers: int
    notes: int


class PersonResults(Schema):
    items: list[PersonResult]
    next_cursor: str | None


class TopicResult(Schema):
    name: str
    notes_count: int
    views_count: int


class TopicResults(Schema):
    items: list[TopicResult]
    next_cursor: str | None


class SuggestionOut(Schema):
    """`recent` (the reader's own searches) and `trending` only come for an empty `q`."""

    kind: Literal["topic", "person", "query", "recent", "trending"]
    text: str
    user: dict[str, Any] | None = None


class Suggestions(Schema):
    items: list[SuggestionOut]


class TrendingItem(Schema):
    text: str
    searches: int
    score: float


class Trending(Schema):
    items: list[TrendingItem]


class Forgotten(Schema):
    deleted: int
