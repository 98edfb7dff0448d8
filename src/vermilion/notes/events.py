"""What the notes app tells the rest of Vermilion (kit/events.py; subscribers in vermilion/wiring/connections.py)."""

from __future__ import annotations

from dataclasses import dataclass

from vermilion.kit.events import Event


@dataclass(frozen=True)
class NotePublished(Event):
    """A note became visible to readers (published now, or its video finished processing)."""

    note_id: int
    author_id: int


@dataclass(frozen=True)
class NoteChanged(Event):
    """A note's text, media, topics, audience or labels changed. `published`: whether readers see
    it now; `mentioned`: people mentioned for the first time by this change."""

    note_id: int
    author_id: int
    published: bool
    mentioned: tuple[int, ...] = ()


@dataclass(frozen=True)
class NoteRemoved(Event):
    """The author deleted a note."""

    note_id: int
    author_id: int


@dataclass(frozen=True)
class CommentPosted(Event):
    comment_id: int
    note_id: int
    author_id: int
    mentioned: tuple[str, ...] = ()  # usernames written as @name


@dataclass(frozen=True)
class ReactionChanged(Event):
    """A like of a note or comment, or a collect, made (`on`) or undone. `comment_id` is set for a
    comment's like."""

    kind: str  # "like_note", "like_comment" or "collect"
    user_id: int
    note_id: int
    on: bool
    comment_id: int | None = None
