"""Messaging limits. Operators can change each in settings."""

from __future__ import annotations

from django.conf import settings


def max_chars() -> int:
    return int(getattr(settings, "VERMILION_MESSAGE_MAX_CHARS", 2000))


def request_limit() -> int:
    """How many messages someone may send before the recipient accepts their request."""
    return int(getattr(settings, "VERMILION_MESSAGE_REQUEST_LIMIT", 3))


# Catch-up looks this far behind the id a client last saw: ids are taken before commit, so a
# message committed a moment later than a newer one can carry the smaller id. Clients drop repeats.
CATCH_UP_OVERLAP_MS = 10_000
CATCH_UP_LIMIT = 200
