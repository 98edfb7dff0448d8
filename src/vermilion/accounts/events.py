"""What the accounts app tells the rest of Vermilion (kit/events.py; subscribers in vermilion/wiring/connections.py)."""

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
    """A sign-in ended: one API token (`token_id`), one web session (`session`: its digest,
    accounts.tokens.session_digest), or, when neither is given, every sign-in of the account."""

    user_id: int
    token_id: int | None = None
    session: str = ""
