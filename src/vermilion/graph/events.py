"""What the graph app tells the rest of Vermilion (kit/events.py; subscribers in vermilion/wiring/connections.py)."""

from __future__ import annotations

from dataclasses import dataclass

from vermilion.kit.events import Event


@dataclass(frozen=True)
class FollowChanged(Event):
    follower_id: int
    followee_id: int
    following: bool


@dataclass(frozen=True)
class BlockChanged(Event):
    blocker_id: int
    blocked_id: int
    blocking: bool


@dataclass(frozen=True)
class MuteChanged(Event):
    muter_id: int
    muted_id: int
    muting: bool
