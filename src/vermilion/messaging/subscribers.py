"""What messaging does when others change things (local subscribers, vermilion/wiring/connections.py):
open sockets whose sign-in ended are closed at once (and each re-checks before every delivery)."""

from __future__ import annotations

from typing import Protocol

from vermilion.accounts.events import AccountChanged, SignedOut

from .push import close_sockets, session_group, token_group, user_group


class AboutAnAccount(Protocol):
    """An event naming an account, from an app above this one (moderation's AccountRestricted)."""

    @property
    def user_id(self) -> int: ...

# Account changes after which no socket of the account may stay open as it is.
_ENDS_SIGN_INS = frozenset({"password", "is_active", "session_epoch"})


def close_signed_out(event: SignedOut) -> None:
    if event.token_id is not None:
        close_sockets(token_group(event.token_id), "signed_out")
    elif event.session:
        close_sockets(session_group(event.session), "signed_out")
    else:
        close_sockets(user_group(event.user_id), "signed_out")


def close_changed_account(event: AccountChanged) -> None:
    if _ENDS_SIGN_INS & set(event.fields):
        close_sockets(user_group(event.user_id), "account_changed")


def close_restricted(event: AboutAnAccount) -> None:
    """A muted, suspended or banned account's sessions start over."""
    close_sockets(user_group(event.user_id), "account_restricted")
