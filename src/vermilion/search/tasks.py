"""Search background work: index a note's words on publish and edit, keep the vector index current."""

from __future__ import annotations

from typing import Any

from django_tasks import task


@task()
def index_note(note_id: int) -> bool:
    from .actions import do_index_note

    return do_index_note(note_id)


@task()
def index_person(user_id: int) -> None:
    from django.contrib.auth import get_user_model

    from .actions import do_index_person

    user = get_user_model().objects.filter(pk=user_id).first()
    if user is not None:
        do_index_person(user)


@task()
def update_vector_index() -> dict[str, Any]:
    """Add new and edited note embeddings to the saved ANN index (periodic, and after publishing)."""
    from django.core.cache import cache

    from .vectors import update_index

    # One writer at a time: two workers saving the same file would each lose the other's additions.
    if not cache.add("search:vector-index-lock", 1, timeout=600):
        return {"skipped": True}
    try:
        return update_index()
    finally:
        cache.delete("search:vector-index-lock")


@task()
def rebuild_vector_index() -> dict[str, Any]:
    from .vectors import rebuild_index

    return rebuild_index()


@task()
def refresh_suggestions() -> int:
    """Topic and person suggestions follow note and follower counts."""
    from .actions import do_refresh_weights

    return do_refresh_weights()
