"""An account's standing: may it post at all, and how much.

Moderation knows (restrictions, strikes, open cases about the account) and answers these hooks
(vermilion/wiring/connections.py); notes, comments, messages and follows ask before they write.
"""

from __future__ import annotations

from django.conf import settings

from vermilion.kit.hooks import Hook
from vermilion.kit.ratelimit import check_rate

from .models import User

# Raises a 403 `account_restricted` ApiError, in the caller's language, while a mute, suspension or
# ban stands.
check_may_post: Hook[[User], None] = Hook("accounts.check_may_post")
# How many of the usual actions per window this account may take: 0.1 for a flagged or struck
# account up to 2 for a long-standing clean one.
rate_factor: Hook[[User], float] = Hook("accounts.rate_factor")


def check_scaled_rate(user: User, scope: str) -> None:
    """check_rate for `scope` with the limit scaled to this account's standing (429 when over)."""
    if scope not in settings.VERMILION_RATE_LIMITS:
        return  # the operator configured no limit for this scope
    limit, _window = settings.VERMILION_RATE_LIMITS[scope]
    check_rate(scope, str(user.pk), limit=max(1, int(limit * rate_factor(user))))
