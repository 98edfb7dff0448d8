"""What the media app tells the rest of Vermilion (kit/events.py; subscribers in vermilion/wiring/connections.py)."""

from __future__ import annotations

from dataclasses import dataclass

from vermilion.kit.events import Event


@dataclass(frozen=True)
class MediaProcessed(Event):
    """A video finished processing: `ready`, or failed."""

    media_id: int
    ready: bool


@dataclass(frozen=True)
class MediaChanged(Event):
    """Something shown with a media item changed (its description)."""

    media_id: int
