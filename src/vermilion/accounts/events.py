"""What the accounts app tells the rest of Vermilion (kit/events.py; subscribers in vermilion/wiring/subscribers.py)."""

from __future__ import annotations

from dataclasses import dataclass

from vermilion.kit.events import Event


@dataclass(frozen=True)
class AccountCreated(Event):
    """A person signed up. `network` is the coarse network they came from (an IPv4 /24 or IPv6 /48)
    and `address_digest` a keyed digest of their address, for sign-up velocity checks; the address
    itself is never passed on. Both "" when unknown."""

    user_id: int
    network: str = ""
    address_digest: str = ""


@dataclass(frozen=True)
class AccountChanged(Event):
    """An account's stored fields changed (`fields`: which ones). Whatever was cached about the
    account or answered to it may be stale."""

    user_id: int
    fields: tuple[str, ...]


@dataclass(frozen=True)
class SignedOut(Event):
    """One of the account's tokens was revoked (`token_id`), or all of them (None)."""

    user_id: int
    token_id: int | None = None
