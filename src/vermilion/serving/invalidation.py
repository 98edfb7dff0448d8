"""The hot cache's invalidation: change generations (generations.py) moved by domain events.

Subscribed in vermilion/wiring/connections.py as local subscribers, so they run in the process that made the
change, once it committed: a reader's answers (serving/hotcache.py) are compared against their
generation and the site's, and whatever the event says changed makes them a miss. Nothing else
bumps a generation, so an event's subscriber list is the whole story of what a change invalidates.
"""

from __future__ import annotations

from vermilion.accounts.events import AccountChanged, SignedOut
from vermilion.feed.events import ReaderPreferencesChanged
from vermilion.graph.events import BlockChanged, FollowChanged, MuteChanged
from vermilion.kit.events import Event
from vermilion.moderation.events import ModerationDecided
from vermilion.notes.events import NoteChanged, NotePublished, NoteRemoved, ReactionChanged

from . import generations


def readers_of(event: Event) -> list[int]:
    """Whose own answers an event makes stale."""
    if isinstance(event, (AccountChanged, SignedOut, ReaderPreferencesChanged)):
        return [event.user_id]
    if isinstance(event, FollowChanged):
        return [event.follower_id]
    if isinstance(event, BlockChanged):
        return [event.blocker_id, event.blocked_id]
    if isinstance(event, MuteChanged):
        return [event.muter_id]
    if isinstance(event, NotePublished):
        return [event.author_id]
    if isinstance(event, ReactionChanged):
        return [event.user_id]
    raise TypeError(f"no reader is named by {type(event).__name__}")


def reader_changed(event: Event) -> None:
    """What these readers see changed: their replayed answers are stale."""
    generations.bump_now(generations.user_keys(readers_of(event)))


def reader_reacted(event: ReactionChanged) -> None:
    """A like or collect of a note shows on the reader's own pages; a comment's like does not."""
    if event.kind in ("like_note", "collect"):
        reader_changed(event)


def site_changed(event: NoteChanged | NoteRemoved | ModerationDecided) -> None:
    """Content changed for every reader (an edit, a deletion, a moderation decision)."""
    generations.bump_now([generations.SITE])
