"""Search background work: keep the vector index and the suggestions current (periodic)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from .actions import do_refresh_weights
from .vectors import rebuild_index, update_index


@task()
def update_vector_index() -> dict[str, Any]:
    """Add new and edited note embeddings to the saved ANN index (periodic, and after publishing)."""
    from django.core.cache import cache


    # One writer at a time: two workers saving the same file would each lose the other's additions.
    if not cache.add("search:vector-index-lock", 1, timeout=600):
        return {"skipped": True}
    try:
        return update_index()
    finally:
        cache.delete("search:vector-index-lock")


@task()
def rebuild_vector_index() -> dict[str, Any]:

    return rebuild_index()


@task()
def refresh_suggestions() -> int:
    """Topic and person suggestions follow note and follower counts."""

    return do_refresh_weights()
