"""What the notifications app tells the rest of Vermilion (kit/events.py; subscribers in vermilion/wiring/connections.py)."""

from __future__ import annotations

from dataclasses import dataclass

from vermilion.kit.events import Event


@dataclass(frozen=True)
class NotificationCreated(Event):
    notification_id: int
    recipient_id: int
