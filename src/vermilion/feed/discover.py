"""Discover's ranking for one reader: candidates from every source, scored, re-ranked.

Used by a page that finds no kept ranking, by the task that keeps one ahead of the reader
(feed/tasks.py), and, for a cursor whose ranking is gone, to rank again at the same snapshot.
"""

from __future__ import annotations

import time
from typing import Any

from django.utils import timezone

from vermilion.accounts.models import User
from vermilion.kit.ids import id_for_time
from vermilion.notes.models import Note
from vermilion.notes.visibility import NoteQuerySet

from . import learned, ranked
from .interests import topics_for_interests
from .models import Feedback, Preferences
from .ranked import Ranking
from .ranking import Candidate, apply_taste, diversify, reserve_exploration, score
from .sources import co_engaged, embeddings_of, followed_authors, reader_taste, similarity
from .trending import trending_ids
from .window import WINDOW_DAYS, facts_of, shared_window


def discoverable(viewer: User | None, reading: str) -> NoteQuerySet:
    notes = Note.objects.visible_to(viewer, reading).recommendable().filter(status=Note.Status.PUBLISHED)
    if viewer is not None:
        feedback = Feedback.objects.filter(user=viewer)
        notes = notes.exclude(pk__in=feedback.values("note")).exclude(author=viewer)
        notes = notes.exclude(author__in=feedback.filter(kind=Feedback.Kind.LESS_FROM_AUTHOR).values("author"))
        notes = notes.exclude(topics__in=feedback.filter(kind=Feedback.Kind.LESS_FROM_TOPIC).values("topic"))
    return notes


def preferences_of(user: User) -> Preferences:
    found = Preferences.objects.filter(user=user).first()
    return found or Preferences(user=user)


def _viewer_interest_topics(viewer: User | None) -> set[str]:
    if viewer is None:
        return set()
    return topics_for_interests(list(viewer.interests or []))


TOPIC_SOURCE_LIMIT = 200
FOLLOWED_SOURCE_LIMIT = 100
SIMILAR_FLOOR = 0.3  # cosine below this says little about taste
SHORTLIST = 400


def _candidates(
    viewer: User | None, snapshot: int, region: str, language: str, reading: str
) -> tuple[list[Candidate], set[int], tuple[int, ...], dict[int, Any]]:
    """Gather from every source, score, and return the candidates, the exploration pool, the
    places reserved for it and the embeddings read on the way."""
    since = id_for_time(time.time() - WINDOW_DAYS * 86400)
    prefs = preferences_of(viewer) if viewer is not None else None
    taste = reader_taste(viewer, _viewer_interest_topics(viewer))
    taste.topics -= set(prefs.muted_topics if prefs else ())
    # Sources read ids only, from what anyone may be shown; one query below narrows the union to
    # what this reader may see and has not dismissed (visible_to, feedback, muted topics).
    anyone = Note.objects.visible_to(None, reading).recommendable().filter(pk__lt=snapshot, pk__gte=since)
    window = shared_window()
    pool: set[int] = {i for i in window.recent if i < snapshot}
    fresh: set[int] = {i for i in window.fresh if i < snapshot}
    pool |= fresh
    if taste.topics:
        in_topics = anyone.filter(topics__key__in=taste.topics).order_by("-pk").values_list("pk", flat=True)
        pool |= set(in_topics[:TOPIC_SOURCE_LIMIT])
    followed: set[int] = set()
    if viewer is not None:
        followed = set(followed_authors(anyone, viewer).values_list("pk", flat=True)[:FOLLOWED_SOURCE_LIMIT])
        pool |= followed
    co = co_engaged(taste)
    pool |= set(co)
    trending = trending_ids(region)
    pool |= set(trending)
    base = discoverable(viewer, reading).filter(pk__lt=snapshot, pk__gte=since)
    if prefs and prefs.muted_topics:
        base = base.exclude(topics__key__in=prefs.muted_topics)
    allowed = set(base.filter(pk__any=list(pool)).values_list("pk", flat=True))
    facts = {i: window.facts[i] for i in allowed if i in window.facts}
    facts.update(facts_of([i for i in allowed if i not in facts]))
    muted_words = list(prefs.muted_words) if prefs else []
    if muted_words:
        facts = {i: f for i, f in facts.items() if not any(w in f.text for w in muted_words)}
    now = timezone.now()
    viewer_language = (language or "en")[:2]
    # 0 = "more familiar", 1 = "more discovery": how much personal signals weigh, how much room
    # the exploration pool gets.
    discovery = (prefs.discovery if prefs else 50) / 100
    personal = 1.5 - discovery
    candidates = []
    for f in facts.values():
        c = Candidate(
            note_id=f.note_id, author_id=f.author_id, topic_keys=f.topics, likes=f.likes, collects=f.collects,
            comments=f.comments, published_at=f.published_at or now, language=f.language, region=f.region,
            title_key=f.title_key, low_effort=f.low_effort,
        )
        c.score = score(c, now, taste.topics, viewer_language, region)
        candidates.append(c)
    # Embeddings are the heaviest thing a page reads: rank by everything else first and read them
    # for a shortlist only (plus the exploration pool, whose places are reserved), then rank that
    # shortlist on every signal. Deeper candidates would only surface many pages down.
    def rough(c: Candidate) -> float:
        lift = (1.0 + 2.0 * personal * co.get(c.note_id, 0.0)) * (1.0 + 0.5 * trending.get(c.note_id, 0.0))
        return c.score * lift * (1.0 + 0.5 * personal if c.note_id in followed else 1.0)

    candidates.sort(key=lambda c: (-rough(c), -c.note_id))
    candidates = candidates[:SHORTLIST] + [c for c in candidates[SHORTLIST:] if c.note_id in fresh]
    vectors = {c.note_id: window.vectors[c.note_id] for c in candidates if c.note_id in window.vectors}
    vectors.update(embeddings_of([c.note_id for c in candidates if c.note_id not in vectors]))
    sims = similarity(taste, vectors)
    for c in candidates:
        # A note not embedded yet (its task is seconds behind) is neither helped nor hurt by taste.
        margin = sims[c.note_id] - SIMILAR_FLOOR if c.note_id in sims else 0.0
        apply_taste(c, personal * margin, personal * co.get(c.note_id, 0.0))
        if c.note_id in followed:
            c.score *= 1.0 + 0.5 * personal
            if c.reason[0] in ("popular", "region", "new"):
                c.reason = ("followed", "")
        if c.note_id in trending:
            # Rising now with good collects-and-comments per view: a lift, not a takeover.
            c.score *= 1.0 + 0.5 * trending[c.note_id]
            if c.reason[0] == "popular":
                c.reason = ("trending", "")
        c.features = learned.features(
            likes=c.likes, collects=c.collects, comments=c.comments,
            age_hours=max(0.0, (now - c.published_at).total_seconds() / 3600),
            topic_match=any(k in taste.topics for k in c.topic_keys), similarity=sims.get(c.note_id, 0.0),
            co_engagement=co.get(c.note_id, 0.0), followed=c.note_id in followed,
            region_match=bool(region) and c.region == region, language_match=c.language == viewer_language,
            fresh=c.note_id in fresh, trending=trending.get(c.note_id, 0.0),
        )
    model = learned.current()
    if model is not None and candidates:
        # The learned engagement estimate scales the hand-weighted score around 1.0.
        predicted = learned.predict(model, [c.features or [] for c in candidates])
        average = float(predicted.mean()) or 1.0
        for c, p in zip(candidates, predicted, strict=True):
            c.score *= 0.5 + 0.5 * float(p) / average
    slots = (9,) if discovery < 0.34 else (3, 6, 9) if discovery > 0.66 else (4, 9)
    return candidates, {c.note_id for c in candidates if c.note_id in fresh}, slots, vectors


def rank_discover(viewer: User | None, snapshot: int, region: str, language: str, reading: str,
                  limit: int | None = None) -> list[Candidate]:
    """Discover for this reader in feed order, its first `limit` places (all when None)."""
    candidates, fresh, slots, vectors = _candidates(viewer, snapshot, region, language, reading)
    ranked = reserve_exploration(sorted(candidates, key=lambda c: (-c.score, -c.note_id)), fresh, slots)
    return diversify(ranked, vectors, limit=limit)


def discover_variant(region: str, language: str, reading: str) -> str:
    return f"{region}|{(language or 'en')[:2]}|{reading}"


def build_ranking(viewer: User | None, region: str, language: str, reading: str) -> Ranking:
    """A whole Discover ranking for this reader as of now, to be kept and sliced (feed/ranked.py)."""
    snapshot = id_for_time(time.time() + 1)
    return Ranking.of(rank_discover(viewer, snapshot, region, language, reading, limit=RANKING_DEPTH), snapshot,
                      discover_variant(region, language, reading))


RANKING_DEPTH = 600  # places kept: about thirty pages, more than almost anyone scrolls in one sitting




def keep_ranking(user_id: int | None, region: str, language: str, reading: str) -> int:
    """Rank for a reader (None: the anonymous readers of a variant) and keep it; the places ranked."""
    viewer = None
    if user_id is not None:
        viewer = User.objects.filter(pk=user_id, is_active=True).first()
        if viewer is None:
            return 0
    ranking = build_ranking(viewer, region, language, reading)
    key = ranked.reader_key(user_id) if user_id is not None else ranked.anonymous_key(ranking.variant)
    ranked.store().write(key, ranking)
    return len(ranking.ids)
