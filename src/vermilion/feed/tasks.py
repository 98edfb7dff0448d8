"""Feed background work: embeddings of new and edited notes, and the co-engagement model."""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


@task()
def embed_note(note_id: int) -> None:
    from vermilion.notes.models import Note

    from .embeddings import encode, note_text, text_hash, to_blob
    from .models import NoteEmbedding

    note = Note.objects.filter(pk=note_id, deleted_at__isnull=True).prefetch_related("topics").first()
    if note is None:
        return
    text = note_text(note.title, note.body, [t.name for t in note.topics.all()])
    digest = text_hash(text)
    if NoteEmbedding.objects.filter(note_id=note_id, text_hash=digest).exists():
        return  # an edit that did not change the text, or a retried task
    vector = encode([text])[0]  # outside the transaction: the encoder takes milliseconds, not a lock
    with transaction.atomic():
        NoteEmbedding.objects.update_or_create(note_id=note_id, defaults={"vector": to_blob(vector), "text_hash": digest})


@task()
def train_co_engagement() -> int:
    """Retrain the co-engagement model from recent likes, collects and comments; returns item count."""
    from .co_engagement import train_and_store

    return train_and_store()


@task()
def fan_out_note(note_id: int) -> int:
    """Deliver a newly published note to its author's followers' Following timelines (Redis)."""
    from vermilion.graph.models import Follow
    from vermilion.notes.models import Note

    from .timeline import BIG_AUTHOR_FOLLOWERS, client, fan_out

    redis = client()
    note = Note.objects.filter(pk=note_id, status=Note.Status.PUBLISHED, deleted_at__isnull=True).select_related(
        "author").first()
    if redis is None or note is None or note.author.followers_count >= BIG_AUTHOR_FOLLOWERS:
        return 0  # big authors are merged on read
    followers = list(Follow.objects.filter(followee_id=note.author_id).values_list("follower_id", flat=True))
    try:
        return fan_out(redis, note.pk, note.author_id, followers)
    except RedisError:
        # Publishing must not fail because Redis is away; readers whose timelines missed this note
        # get it when their timeline is next rebuilt (docs/operations.md, "When Redis is down").
        log.warning("fan-out of note %s skipped: Redis unavailable", note_id, exc_info=True)
        return 0


@task()
def train_ranker() -> dict[str, object]:
    """Retrain the engagement model from recent impressions; it is used only if it beats chance."""
    from .learned import train_and_store

    return train_and_store()


@task()
def refresh_trending() -> int:
    """Recompute the quality-weighted trending lists (overall and per region)."""
    from .trending import refresh

    return refresh()
