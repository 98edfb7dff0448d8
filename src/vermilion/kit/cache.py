"""Forgetting cached entries that a change makes stale."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction


def forget(keys: list[str]) -> None:
    """Delete cache entries a change makes stale: now, and again once the change commits, since a
    request reading between the two would cache what the database held before the change."""
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))
