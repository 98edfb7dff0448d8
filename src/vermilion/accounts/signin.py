"""Password guessing against one account is slowed, wherever the guesses come from.

The sign-in routes are also limited per client address (settings: VERMILION_RATE_LIMITS "login"),
which a guesser with many addresses walks around. Here the count is per username: after
FREE_ATTEMPTS wrong passwords within WINDOW_SECONDS, the account takes one attempt per pause, the
pause doubling from FIRST_PAUSE_SECONDS up to LONGEST_PAUSE_SECONDS, answered 429 with Retry-After
without the password being looked at. Unknown usernames are counted alike, so the answer never
tells whether an account exists. The account's owner is told how many wrong passwords were tried
since they last signed in (`take_notice`), at their next sign-in. Counts live in the shared cache
(Redis in production), outside the request's transaction, which rolls back with the 401.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from vermilion.kit.errors import ApiError

from .models import User

FREE_ATTEMPTS = 5
WINDOW_SECONDS = 15 * 60
FIRST_PAUSE_SECONDS = 30
LONGEST_PAUSE_SECONDS = 15 * 60
NOTICE_SECONDS = 30 * 86400


def _name_key(username: str) -> str:
    return hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]


def _failures_key(username: str) -> str:
    return f"signin:failures:{_name_key(username)}"


def _paused_key(username: str) -> str:
    return f"signin:paused:{_name_key(username)}"


def _notice_key(user_id: int) -> str:
    return f"signin:notice:{user_id}"


def check_not_paused(username: str) -> None:
    until = cache.get(_paused_key(username))
    wait = int((until or 0) - time.time()) + 1
    if until is not None and wait > 0:
        raise ApiError("sign_in_paused",
                       _("Too many wrong passwords were tried for this account. Try again in %(seconds)d seconds.")
                       % {"seconds": wait}, status=429, headers={"Retry-After": str(wait)})


def record_failure(username: str, account: User | None) -> None:
    key = _failures_key(username)
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        failures = int(cache.incr(key))
    except ValueError:  # expired between the two calls
        cache.set(key, 1, WINDOW_SECONDS)
        failures = 1
    if failures >= FREE_ATTEMPTS:
        pause = min(LONGEST_PAUSE_SECONDS, FIRST_PAUSE_SECONDS * 2 ** (failures - FREE_ATTEMPTS))
        cache.set(_paused_key(username), time.time() + pause, pause)
        cache.touch(key, max(WINDOW_SECONDS, pause))
    if account is not None:
        notice = cache.get(_notice_key(account.pk)) or {"failed_sign_ins": 0}
        notice = {"failed_sign_ins": int(notice["failed_sign_ins"]) + 1, "last_failed_at": time.time()}
        cache.set(_notice_key(account.pk), notice, NOTICE_SECONDS)


def record_success(username: str) -> None:
    cache.delete_many([_failures_key(username), _paused_key(username)])


def take_notice(user: User) -> dict[str, Any] | None:
    """Wrong passwords tried for this account since its owner last signed in, once."""
    notice: dict[str, Any] | None = cache.get(_notice_key(user.pk))
    if notice:
        cache.delete(_notice_key(user.pk))
    return notice
