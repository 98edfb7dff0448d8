"""What the feed tells the rest of Vermilion (kit/events.py; subscribers in vermilion/wiring/connections.py)."""

from __future__ import annotations

from dataclasses import dataclass

from vermilion.kit.events import Event


@dataclass(frozen=True)
class ReaderPreferencesChanged(Event):
    """A reader said "not interested", or changed their muted words, topics or discovery setting:
    their feeds choose differently now."""

    user_id: int
