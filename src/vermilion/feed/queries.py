"""Feed pages. Discover ranks a bounded, recent candidate set; Following and Nearby are keyset pages.

Discover pagination holds a snapshot (the newest id at the first page) and an offset, so a reader
scrolling on never sees a note twice or misses one because new notes arrived meanwhile.
"""

from __future__ import annotations

import logging
import math
import time
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

from vermilion.accounts.models import User
from vermilion.kit.errors import ApiError
from vermilion.kit.geo import request_region
from vermilion.kit.ids import id_for_time, time_of_id
from vermilion.kit.metrics import FEED_SECONDS, timed
from vermilion.kit.pagination import clamp_limit, decode_cursor, encode_cursor, keyset_page
from vermilion.kit.regions import region_name
from vermilion.notes.models import Note
from vermilion.notes.present import note_cards, with_card_relations, with_viewer_state
from vermilion.notes.visibility import NoteQuerySet, viewer_id_of

from . import learned, timeline
from .interests import topics_for_interests
from .models import Feedback, Preferences
from .ranking import Candidate, apply_taste, diversify, reserve_exploration, score
from .sources import co_engaged, embeddings_of, followed_authors, reader_taste, similarity
from .trending import trending_ids
from .window import WINDOW_DAYS, facts_of, shared_window

logger = logging.getLogger(__name__)


def _base(viewer: User | None, reading: str) -> NoteQuerySet:
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


def preferences_payload(prefs: Preferences) -> dict[str, Any]:
    return {"muted_words": list(prefs.muted_words), "muted_topics": list(prefs.muted_topics),
            "discovery": prefs.discovery, "nearby_region": prefs.nearby_region}


def _viewer_interest_topics(viewer: User | None) -> set[str]:
    if viewer is None:
        return set()
    return topics_for_interests(list(viewer.interests or []))


def _reason_text(kind: str, detail: str, language: str) -> str:
    if kind == "topic" and detail:
        return _("Because you like #%(topic)s") % {"topic": detail}
    if kind == "similar":
        return _("Because you liked notes about #%(topic)s") % {"topic": detail} if detail else _(
            "Similar to notes you liked")
    if kind == "followed":
        return _("From someone you follow")
    if kind == "co_engaged":
        return _("Liked by people with your taste")
    if kind == "trending":
        return _("Trending now")
    if kind == "region" and detail:
        return _("Popular in %(region)s") % {"region": region_name(detail, language)}
    if kind == "new":
        return _("New in #%(topic)s") % {"topic": detail} if detail else _("Fresh from a new creator")
    return _("Popular now")


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
    base = _base(viewer, reading).filter(pk__lt=snapshot, pk__gte=since)
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


@timed(FEED_SECONDS, feed="discover")
def discover_page(viewer: User | None, cursor: str | None, limit: int | None, region: str, language: str,
                  reading: str) -> tuple[dict[str, Any], list[tuple[int, Candidate]]]:
    """A page of Discover, and the candidates it shows with their positions (the impressions the
    caller records, feed.actions.do_record_impressions).
    `region` is the region the feed favours (viewer_region); `reading` the region visibility is
    decided for (accounts.callers.reading_region)."""
    size = clamp_limit(limit)
    scope = f"discover:{getattr(viewer, 'pk', 'anon')}"
    position = decode_cursor(cursor, scope) if cursor else {"snap": id_for_time(time.time() + 1), "offset": 0}
    snapshot, offset = (position or {}).get("snap"), (position or {}).get("offset")
    if not isinstance(snapshot, int) or not isinstance(offset, int) or offset < 0:
        raise ApiError("invalid_cursor", _("The cursor is invalid."))
    candidates, fresh, slots, vectors = _candidates(viewer, snapshot, region, language, reading)
    ranked = reserve_exploration(sorted(candidates, key=lambda c: (-c.score, -c.note_id)), fresh, slots)
    ranked = diversify(ranked, vectors, limit=offset + size + 1)  # one more tells whether the feed goes on
    page = ranked[offset : offset + size]
    shown = with_card_relations(Note.objects.filter(pk__in=[c.note_id for c in page]))
    notes = {n.pk: n for n in with_viewer_state(shown, viewer_id_of(viewer), collects=False)}
    cards = note_cards([notes[c.note_id] for c in page if c.note_id in notes], viewer)
    reasons = {c.note_id: _reason_text(*c.reason, language) for c in page}
    for card in cards:
        card["reason"] = reasons.get(int(card["id"]), "")
    more = offset + size < len(ranked)
    next_cursor = encode_cursor({"snap": snapshot, "offset": offset + size}, scope) if more else None
    return {"items": cards, "next_cursor": next_cursor}, [(offset + i, c) for i, c in enumerate(page)]


@timed(FEED_SECONDS, feed="following")
def following_page(viewer: User, cursor: str | None, limit: int | None, reading: str) -> dict[str, Any]:
    """Reverse-chronological notes of followed people: from the Redis timeline when there is one,
    else (embedded default, or past the end of the kept timeline) straight from the database."""
    scope = f"following:{viewer.pk}"
    redis = timeline.client()
    rows: list[Note] | None = None
    next_cursor: str | None = None
    if redis is not None:
        size = clamp_limit(limit)
        position = decode_cursor(cursor, scope)
        before = position.get("before") if position else None
        if position is not None and not isinstance(before, int):
            raise ApiError("invalid_cursor", _("The cursor is invalid."))
        try:
            ids, truncated = timeline.timeline_ids(redis, viewer, reading)
        except RedisError:
            # Redis is down: the database answers (slower, same notes) and the timeline is rebuilt
            # on the first read after Redis is back.
            logger.warning("following feed: Redis timeline unavailable, reading from the database", exc_info=True)
            ids, truncated, redis_failed = [], False, True
        else:
            redis_failed = False
        below = [i for i in ids if before is None or i < before]
        window = below[: (size + 1) * 3]
        if not redis_failed and (below or not truncated):
            followed = timeline.followed_notes(viewer, reading)
            big = followed.filter(author__followers_count__gte=timeline.BIG_AUTHOR_FOLLOWERS)
            if before is not None:
                big = big.filter(pk__lt=before)
            merged = set(window) | set(big.order_by("-pk").values_list("pk", flat=True)[: size + 1])
            page = with_viewer_state(with_card_relations(followed.filter(pk__in=merged)), viewer.pk, collects=False)
            found = list(page.order_by("-pk")[: size + 1])
            # If re-checking visibility thinned the window out and more ids wait beyond it, let the
            # database answer this page instead of guessing.
            if len(found) > size or len(below) == len(window):
                rows = found[:size]
                more = len(found) > size or (truncated and bool(rows))
                next_cursor = encode_cursor({"before": rows[-1].pk}, scope) if more and rows else None
    if rows is None:
        rows, next_cursor = keyset_page(with_card_relations(timeline.followed_notes(viewer, reading)), cursor, scope, limit)
    cards = note_cards(rows, viewer)
    for card in cards:
        card["reason"] = ""
    return {"items": cards, "next_cursor": next_cursor}


NEARBY_FRESH_HOURS = 72
NEARBY_FRESH_LIMIT = 500


def _nearby_score(pk: int, likes: int, collects: int, comments: int, now: float) -> float:
    """Freshest and best: engagement quality (collects and comments weigh 3) over hours of age."""
    quality = math.log1p(likes + 3 * (collects + comments)) + 1.0
    return quality / (max(0.0, now - time_of_id(pk)) / 3600 / 6 + 1.0)


@timed(FEED_SECONDS, feed="nearby")
def nearby_page(viewer: User | None, region: str, cursor: str | None, limit: int | None, language: str,
                reading: str) -> dict[str, Any]:
    """Notes from the reader's region: the last three days ranked by freshness and engagement
    quality, then everything older newest first. The first phase pages by a snapshot and an offset,
    the second by keyset, so nothing repeats or goes missing while new notes arrive."""
    if not region:
        return {"items": [], "next_cursor": None, "region": None}
    same = Q(ip_region=region) | (Q(ip_region__startswith="CN-") if region == "CN" else Q(pk__in=[]))
    notes = Note.objects.visible_to(viewer, reading).recommendable().filter(same, status=Note.Status.PUBLISHED)
    scope = f"nearby:{region}:{getattr(viewer, 'pk', None) or 'anon'}"
    size = clamp_limit(limit)
    position = decode_cursor(cursor, scope) or {"snap": id_for_time(time.time() + 1), "offset": 0}
    ids: list[int] = []
    before: int | None = position.get("before") if "before" in position else None
    next_position: dict[str, int] | None = None
    if "snap" in position:
        snap, offset = position.get("snap"), position.get("offset")
        if not isinstance(snap, int) or not isinstance(offset, int) or offset < 0:
            raise ApiError("invalid_cursor", _("The cursor is invalid."))
        before = id_for_time(time_of_id(snap) - NEARBY_FRESH_HOURS * 3600)
        fresh = list(notes.filter(pk__lt=snap, pk__gte=before).order_by("-pk")
                     .values("pk", "likes_count", "collects_count", "comments_count")[:NEARBY_FRESH_LIMIT])
        if len(fresh) == NEARBY_FRESH_LIMIT:
            before = fresh[-1]["pk"]  # a very busy region: the rest of the three days follow by keyset
        now = time.time()
        ranked = sorted(fresh, key=lambda r: (-_nearby_score(r["pk"], r["likes_count"], r["collects_count"],
                                                              r["comments_count"], now), -r["pk"]))
        ids = [r["pk"] for r in ranked[offset : offset + size]]
        if offset + size < len(ranked):
            next_position = {"snap": snap, "offset": offset + size}
    elif not isinstance(before, int):
        raise ApiError("invalid_cursor", _("The cursor is invalid."))
    if next_position is None:
        room = size - len(ids)
        older = list(notes.filter(pk__lt=before).order_by("-pk").values_list("pk", flat=True)[: room + 1])
        ids += older[:room]
        if len(older) > room:
            next_position = {"before": older[room - 1] if room else before}
    found = {n.pk: n for n in with_card_relations(Note.objects.filter(pk__in=ids))}
    cards = note_cards([found[i] for i in ids if i in found], viewer)
    label = region_name(region, language)
    for card in cards:
        card["reason"] = _("Near you in %(region)s") % {"region": label}
    return {"items": cards, "next_cursor": encode_cursor(next_position, scope) if next_position else None, "region": label}


def viewer_region(request: HttpRequest, who: User | None) -> str:
    """The region "nearby" means: the signed-in user's chosen or saved region, else this request's."""
    if who is not None:
        chosen = preferences_of(who).nearby_region
        if chosen:
            return chosen
    saved = who.ip_region if who is not None else ""
    return saved or request_region(request)
