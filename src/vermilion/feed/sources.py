"""Discover's candidate sources. Each is bounded and answers "which notes, and why", so the ranker
can weigh them and the reader can be told. All of them are cut down to what the reader may see by
the caller (`Note.objects.visible_to(...).recommendable()` and the reader's feedback)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import numpy as np
from django.core.cache import cache
from django.utils import timezone

from vermilion.accounts.models import User
from vermilion.graph.models import Follow
from vermilion.notes.models import Collect, Comment, Like, NoteTopic
from vermilion.notes.visibility import NoteQuerySet

from .co_engagement import current_model
from .embeddings import from_blobs, taste_vector
from .models import Dwell, NoteEmbedding

ENGAGED_LIMIT = 60
DWELL_SECONDS = 10  # stayed long enough to have read it
CO_ENGAGED_LIMIT = 150
FRESH_HOURS = 72
SMALL_CREATOR_FOLLOWERS = 10
FIRST_AUDIENCE_VIEWS = 200
TASTE_CACHE_SECONDS = 300


@dataclass
class Taste:
    """What we know of a reader: engagements (note → strength), interest topics, taste vector."""

    engaged: dict[int, float] = field(default_factory=dict)
    topics: set[str] = field(default_factory=set)
    vector: np.ndarray | None = None


def reader_taste(viewer: User | None, interest_topics: set[str]) -> Taste:
    taste = Taste(topics=set(interest_topics))
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return taste
    for note_id in Like.objects.filter(user=viewer).order_by("-pk").values_list("note_id", flat=True)[:ENGAGED_LIMIT]:
        taste.engaged[note_id] = taste.engaged.get(note_id, 0.0) + 1.0
    for note_id in Collect.objects.filter(user=viewer).order_by("-pk").values_list("note_id", flat=True)[:ENGAGED_LIMIT]:
        taste.engaged[note_id] = taste.engaged.get(note_id, 0.0) + 2.0
    commented = Comment.objects.filter(author=viewer, deleted_at__isnull=True).order_by("-pk")
    for note_id in commented.values_list("note_id", flat=True)[:ENGAGED_LIMIT]:
        taste.engaged[note_id] = taste.engaged.get(note_id, 0.0) + 2.0
    dwelled = Dwell.objects.filter(user=viewer, seconds__gte=DWELL_SECONDS).order_by("-pk")
    for note_id in dwelled.values_list("note_id", flat=True)[:ENGAGED_LIMIT]:
        taste.engaged[note_id] = taste.engaged.get(note_id, 0.0) + 0.5
    if taste.engaged:
        vector, topics = _engaged_profile(taste.engaged)
        taste.vector = vector
        taste.topics |= topics
    return taste


def _engaged_profile(engaged: dict[int, float]) -> tuple[np.ndarray | None, set[str]]:
    """Taste vector and topics of a set of engagements. Cached under a digest of the set itself, so
    the next page (or a reader who did nothing new) skips reading hundreds of embeddings, and any
    new like, collect, comment or long read makes a new key: the very next page reflects it."""
    digest = hashlib.sha1(repr(sorted(engaged.items())).encode(), usedforsecurity=False).hexdigest()
    key = f"feed:taste:{digest}"
    cached = cache.get(key)
    if cached is not None:
        blob, topics = cached
        return (np.frombuffer(blob, dtype=np.float32).copy() if blob else None), set(topics)
    rows = list(NoteEmbedding.objects.filter(note_id__any=list(engaged)).values_list("note_id", "vector"))
    vector = taste_vector(from_blobs([blob for _, blob in rows]), [engaged[note_id] for note_id, _ in rows]) \
        if rows else None
    found = set(NoteTopic.objects.filter(note_id__in=list(engaged)).values_list("topic__key", flat=True))
    cache.set(key, (vector.astype(np.float32).tobytes() if vector is not None else b"", sorted(found)), TASTE_CACHE_SECONDS)
    return vector, found


def co_engaged(taste: Taste) -> dict[int, float]:
    """Notes liked, collected or discussed by people who engaged with what this reader did."""
    model = current_model()
    if model is None or not taste.engaged:
        return {}
    picks = model.recommend(taste.engaged, CO_ENGAGED_LIMIT)
    # Rank → strength in (0, 1]: the first pick counts most.
    return {note_id: 1.0 - rank / (len(picks) + 1) for rank, note_id in enumerate(picks)}


def embeddings_of(note_ids: list[int]) -> dict[int, np.ndarray]:
    """The stored embedding of each note that has one (a note's task may still be seconds behind)."""
    if not note_ids:
        return {}
    rows = list(NoteEmbedding.objects.filter(note_id__any=note_ids).values_list("note_id", "vector"))
    vectors = from_blobs([blob for _, blob in rows])
    return {note_id: vectors[i] for i, (note_id, _) in enumerate(rows)}


def similarity(taste: Taste, vectors: dict[int, np.ndarray]) -> dict[int, float]:
    """Cosine similarity of each embedded candidate to the reader's taste."""
    if taste.vector is None or not vectors:
        return {}
    ids = list(vectors)
    sims = np.stack([vectors[i] for i in ids]) @ taste.vector
    return {note_id: float(s) for note_id, s in zip(ids, sims, strict=True)}


def fresh_from_small_creators(notes: Any) -> Any:
    """The exploration pool: new notes by creators with few followers that have not yet had their
    first audience. Every discover page reserves places for the best-matching of them."""
    since = timezone.now() - timedelta(hours=FRESH_HOURS)
    return notes.filter(
        published_at__gte=since,
        author__followers_count__lt=SMALL_CREATOR_FOLLOWERS,
        views_count__lt=FIRST_AUDIENCE_VIEWS,
    )


def followed_authors(notes: NoteQuerySet, viewer: User) -> NoteQuerySet:
    """Recent notes by people the reader follows (discover mixes them in; Following has them all)."""

    return notes.filter(author__in=Follow.objects.filter(follower=viewer).values("followee")).order_by("-pk")
