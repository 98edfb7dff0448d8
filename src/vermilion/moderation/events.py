"""What trust and safety tells the rest of Vermilion (kit/events.py; subscribers in vermilion/wiring/connections.py)."""

from __future__ import annotations

from dataclasses import dataclass

from vermilion.kit.events import Event


@dataclass(frozen=True)
class ModerationDecided(Event):
    """Content moved to another moderation state (`state`: ok, limited, held, removed), or a note was
    hidden in some regions (`state` "regional"). Whatever readers were shown of it may be stale."""

    target_type: str  # "note", "comment", "message" or "profile"
    target_id: int
    state: str


@dataclass(frozen=True)
class AccountRestricted(Event):
    """An account was muted, suspended or banned (`kind`): it may not post, comment, follow or
    message; open sessions start over."""

    user_id: int
    kind: str
