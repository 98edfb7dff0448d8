"""Messaging limits (operators can change each in settings), and the rule it asks of trust and
safety before a message is stored."""

from __future__ import annotations

from django.conf import settings

from vermilion.accounts.models import User
from vermilion.kit.hooks import Hook


def max_chars() -> int:
    return int(getattr(settings, "VERMILION_MESSAGE_MAX_CHARS", 2000))


def request_limit() -> int:
    """How many messages someone may send before the recipient accepts their request."""
    return int(getattr(settings, "VERMILION_MESSAGE_REQUEST_LIMIT", 3))


# Catch-up looks this far behind the id a client last saw: ids are taken before commit, so a
# message committed a moment later than a newer one can carry the smaller id. Clients drop repeats.
CATCH_UP_OVERLAP_MS = 10_000
CATCH_UP_LIMIT = 200


# The light checks of a message's words inside the send request (word lists and patterns, no
# model): raises a 400 `message_rejected` when the policy rejects them; anything milder is
# screened fully after the message is stored. Answered by moderation (vermilion/wiring/connections.py).
check_words: Hook[[User, str], None] = Hook("messaging.check_words")
