"""What messaging tells the rest of Vermilion (kit/events.py; subscribers in vermilion/wiring/connections.py).
The realtime events sent to people's open tabs are another thing: push.py."""

from __future__ import annotations

from dataclasses import dataclass

from vermilion.kit.events import Event


@dataclass(frozen=True)
class MessageSent(Event):
    """A message was stored. `has_content`: it carries words or a photo (a shared note alone does not)."""

    message_id: int
    conversation_id: int
    sender_id: int
    has_content: bool


@dataclass(frozen=True)
class MessageRequestReported(Event):
    """Someone reported a stranger's message request from their requests inbox."""

    reporter_id: int
    reported_id: int
    conversation_id: int
    reason: str
