"""Feed pages. Discover serves slices of a ranking kept per reader (feed/discover.py ranks,
feed/ranked.py keeps); Following and Nearby are keyset pages.

Discover pagination holds a snapshot (the newest id the ranking considered) and an offset, so a
reader scrolling on never sees a note twice or misses one because new notes arrived meanwhile.
"""

from __future__ import annotations

import logging
import math
import time
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import router
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

from vermilion.accounts.models import User
from vermilion.kit.errors import ApiError
from vermilion.kit.geo import request_region
from vermilion.kit.ids import id_for_time, time_of_id
from vermilion.kit.metrics import FEED_SECONDS, timed
from vermilion.kit.pagination import clamp_limit, decode_cursor, encode_cursor, keyset_page
from vermilion.kit.regions import region_name
from vermilion.kit.standins import ShapedQuery
from vermilion.kit.tasks import enqueue
from vermilion.kit.text import fold
from vermilion.notes.models import Note
from vermilion.notes.present import cards_by_id, note_cards, with_card_relations, with_viewer_state
from vermilion.notes.reader_state import reader_states
from vermilion.notes.visibility import viewer_id_of

from . import ranked, timeline
from .discover import build_ranking, discover_variant, discoverable, preferences_of, rank_discover
from .models import Impression, Preferences
from .ranked import Ranking, Slot, anonymous_key, reader_key
from .ranking import Candidate
from .tasks import refresh_discover

logger = logging.getLogger(__name__)


def preferences_payload(prefs: Preferences) -> dict[str, Any]:
    return {"muted_words": list(prefs.muted_words), "muted_topics": list(prefs.muted_topics),
            "discovery": prefs.discovery, "nearby_region": prefs.nearby_region}


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


def _refresh_seconds(viewer: User | None) -> float:
    if viewer is None:
        return float(settings.VERMILION_DISCOVER_ANONYMOUS_REFRESH_SECONDS)
    return float(settings.VERMILION_DISCOVER_REFRESH_SECONDS)


def _usable(ranking: Ranking | None, variant: str) -> Ranking | None:
    """A kept ranking a first page may start from: for this region and language, and not so old that
    what it ranked no longer reflects the site (a reader away for an hour gets a fresh one at once)."""
    max_age = float(settings.VERMILION_DISCOVER_MAX_AGE_SECONDS)
    return ranking if ranking is not None and ranking.variant == variant and ranking.age() < max_age else None


def _wants_refresh(slot: Slot, ranking: Ranking, viewer: User | None) -> bool:
    """Rebuilt in the background when old, or once the reader's own signals changed and settled: a run
    of likes costs one ranking, not one each."""
    settle = float(settings.VERMILION_DISCOVER_SIGNAL_SETTLE_SECONDS)
    if ranking.age() >= _refresh_seconds(viewer):
        return True
    return slot.stale_at is not None and time.time() - max(slot.stale_at, ranking.built_at) >= settle


def _slice_query(reader_id: int | None, region: str, ids: list[int]) -> QuerySet[Any]:
    """Which of a slice's notes this reader may see and has not dismissed, and whether they liked each."""
    query = discoverable(User(pk=reader_id) if reader_id is not None else None, region).filter(pk__any=ids)
    if reader_id is None:
        return query.values_list("pk", "pk")
    return with_viewer_state(query, reader_id, collects=False).values_list("pk", "viewer_liked")  # type: ignore[misc]


# `discoverable` compiled once per process and shape of reader and region (kit/standins.py).
_SLICE_CHECK = ShapedQuery("discover's slice check", _slice_query)


def _allowed(viewer: User | None, window: list[int], reading: str, prefs: Preferences | None) -> dict[int, bool]:
    """Of `window`, the notes this reader may be shown now, and whether they liked each."""
    if not (prefs and prefs.muted_topics):
        rows = _SLICE_CHECK.rows(router.db_for_read(Note), getattr(viewer, "pk", None), reading, window)
        if rows is not None:
            return {int(pk): viewer is not None and bool(liked) for pk, liked in rows}
    allowed = discoverable(viewer, reading).filter(pk__any=window)
    if prefs and prefs.muted_topics:
        allowed = allowed.exclude(topics__key__in=prefs.muted_topics)
    if viewer is None:
        return dict.fromkeys(allowed.values_list("pk", flat=True), False)
    return dict(with_viewer_state(allowed, viewer.pk, collects=False).values_list("pk", "viewer_liked"))  # type: ignore[misc]


def _page_of_ranking(viewer: User | None, ranking: Ranking, offset: int, size: int, reading: str, scope: str,
                     language: str, shared: bool = False) -> tuple[dict[str, Any], list[tuple[int, Candidate]]]:
    """A slice of a kept ranking, re-checked now: what the reader may see and has not dismissed or
    muted since. Notes that drop out are skipped and the slice reads on, so a page stays full."""
    prefs = preferences_of(viewer) if viewer is not None else None
    muted_words = list(prefs.muted_words) if prefs else []
    shown: list[tuple[int, int]] = []
    liked: set[int] = set()
    position = offset
    while len(shown) < size and position < len(ranking.ids):
        # A few more than the page needs: most pages lose none, and another round trip is rare.
        window = ranking.ids[position : position + size - len(shown) + SLICE_SLACK]
        allowed = _allowed(viewer, window, reading, prefs)
        if muted_words and allowed:
            texts = Note.objects.filter(pk__any=list(allowed)).values_list("pk", "title", "body")
            muted = {pk for pk, title, body in texts if any(w in fold(f"{title}\n{body}") for w in muted_words)}
            allowed = {pk: v for pk, v in allowed.items() if pk not in muted}
        liked |= {pk for pk, v in allowed.items() if v}
        for note_id in window:
            position += 1
            if note_id in allowed:
                shown.append((position - 1, note_id))
                if len(shown) == size:
                    break
    cards = cards_by_id([note_id for _, note_id in shown], liked)
    items = []
    for index, note_id in shown:
        if note_id in cards:  # deleted between the two reads: left out
            items.append({**cards[note_id], "reason": _reason_text(*ranking.reasons[index], language)})
    more = position < len(ranking.ids)
    cursor: dict[str, Any] = {"snap": ranking.snapshot, "offset": position, **({"shared": True} if shared else {})}
    next_cursor = encode_cursor(cursor, scope) if more else None
    return {"items": items, "next_cursor": next_cursor}, [(index, ranking.candidate(index)) for index, _ in shown]


@timed(FEED_SECONDS, feed="discover")
def discover_page(viewer: User | None, cursor: str | None, limit: int | None, region: str, language: str,
                  reading: str) -> tuple[dict[str, Any], list[tuple[int, Candidate]]]:
    """A page of Discover, and the candidates it shows with their positions (the impressions the
    caller records, feed.actions.do_record_impressions).
    `region` is the region the feed favours (viewer_region); `reading` the region visibility is
    decided for (accounts.callers.reading_region).

    The ranking is kept between pages (feed/ranked.py): a page is a re-checked slice of it. A first
    page with nothing kept ranks now and keeps the result; a kept one that is old, or whose reader's
    signals changed, is rebuilt by a task while it goes on serving. A cursor whose ranking is no
    longer kept (expired, or Redis restarted) ranks again at the same snapshot, as before."""
    size = clamp_limit(limit)
    scope = f"discover:{getattr(viewer, 'pk', 'anon')}"
    position = decode_cursor(cursor, scope) if cursor else None
    snapshot, offset = 0, 0
    if position is not None:
        snapshot, offset = position.get("snap"), position.get("offset")  # type: ignore[assignment]
        if not isinstance(snapshot, int) or not isinstance(offset, int) or offset < 0:
            raise ApiError("invalid_cursor", _("The cursor is invalid."))
    variant = discover_variant(region, language, reading)
    key = reader_key(viewer.pk) if viewer is not None else anonymous_key(variant)
    kept = ranked.store()
    # None: the store is unreachable, or keeping is off (VERMILION_DISCOVER_MAX_AGE_SECONDS=0, as in
    # the tests): each page is ranked in the request.
    keeping = settings.VERMILION_DISCOVER_MAX_AGE_SECONDS > 0
    slot: Slot | None = ranked.safely(None, kept.read, key) if keeping else None
    shared_key = anonymous_key(variant)
    if position is None and slot is not None:
        ranking = _usable(slot.current, variant)
        if ranking is not None:
            if _wants_refresh(slot, ranking, viewer):
                _ask_for_ranking(kept, key, viewer, region, language, reading)
            return _page_of_ranking(viewer, ranking, 0, size, reading, scope, language)
        # Nothing kept for this reader (new today, or away for a while): the worker ranks for them,
        # and meanwhile they get the ranking the signed-out readers of their region and language
        # share, re-checked for them like any other, and made here only by the first such reader
        # in a few minutes. Ranking ~1,000 candidates in the request held its process for a few
        # hundred milliseconds and every request queued behind it: a crowd arriving at once made
        # everyone's pages slow.
        signed_in = viewer is not None
        if signed_in:
            _ask_for_ranking(kept, key, viewer, region, language, reading)
        shared_slot = ranked.safely(None, kept.read, shared_key) if signed_in else slot
        shared = _usable(shared_slot.current, variant) if shared_slot is not None else None
        if shared is None:
            shared = build_ranking(None, region, language, reading)
            ranked.safely(None, kept.write, shared_key, shared)
        return _page_of_ranking(viewer, shared, 0, size, reading, scope, language, shared=signed_in)
    if position is None:
        # No store to read: a page's worth is ranked for this reader in the request.
        snapshot, offset = id_for_time(time.time() + 1), 0
    elif slot is not None:
        if position.get("shared") is True:
            slot = ranked.safely(None, kept.read, shared_key)
        ranking = slot.find(snapshot) if slot is not None else None
        if ranking is not None:
            return _page_of_ranking(viewer, ranking, offset, size, reading, scope, language,
                                    shared=position.get("shared") is True)
    # Ranked again, the order can differ from the one this scroll began in (counts and first
    # audiences moved), so a signed-in reader's page skips what this scroll already showed them
    # (their impressions since the snapshot) rather than trusting the offset alone.
    ordered = rank_discover(viewer, snapshot, region, language, reading, limit=offset + size + 1)  # one more: does it go on?
    page = ordered[offset : offset + size]
    if viewer is not None and offset:
        since = datetime.fromtimestamp(time_of_id(snapshot) - SNAPSHOT_SLACK_SECONDS, tz=UTC)
        shown_before = set(Impression.objects.filter(user=viewer, created_at__gte=since,
                                                     note_id__in=[c.note_id for c in ordered])
                           .values_list("note_id", flat=True))
        page = [c for c in ordered if c.note_id not in shown_before][:size]
    shown = with_card_relations(Note.objects.filter(pk__in=[c.note_id for c in page]))
    notes = {n.pk: n for n in with_viewer_state(shown, viewer_id_of(viewer), collects=False)}
    cards = note_cards([notes[c.note_id] for c in page if c.note_id in notes], viewer)
    reasons = {c.note_id: _reason_text(*c.reason, language) for c in page}
    for card in cards:
        card["reason"] = reasons.get(int(card["id"]), "")
    more = offset + size < len(ordered)
    next_cursor = encode_cursor({"snap": snapshot, "offset": offset + size}, scope) if more else None
    return {"items": cards, "next_cursor": next_cursor}, [(offset + i, c) for i, c in enumerate(page)]


SLICE_SLACK = 4
SNAPSHOT_SLACK_SECONDS = 5  # a snapshot is taken a second ahead of the clock; impressions follow it
REFRESH_CLAIM_SECONDS = 120  # a refresh task not done by then is taken as lost and asked for again


def _ask_for_ranking(kept: ranked.Store, key: str, viewer: User | None, region: str, language: str,
                     reading: str) -> None:
    """A task ranks for this reader (None: the shared ranking of a variant), once until it lands."""
    if ranked.safely(False, kept.claim_refresh, key, REFRESH_CLAIM_SECONDS):
        enqueue(refresh_discover, getattr(viewer, "pk", None), region, language, reading)


@timed(FEED_SECONDS, feed="following")
def following_page(viewer: User, cursor: str | None, limit: int | None, reading: str) -> dict[str, Any]:
    """Reverse-chronological notes of followed people: from the Redis timeline when there is one,
    else (embedded default, or past the end of the kept timeline) straight from the database."""
    scope = f"following:{viewer.pk}"
    redis = timeline.client()
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
        reach = (size + 1) * 3
        window = below[:reach]
        if not redis_failed and (below or not truncated):
            # Big authors' notes are not fanned out: read at once. Everything is then checked with
            # the compiled visibility query and the cards read as rows (notes/reader_state.py).
            big = timeline.big_author_note_ids(viewer, before, reach)
            merged = sorted(set(window) | set(big), reverse=True)
            states = reader_states(viewer.pk, reading, merged)
            shown = [pk for pk in merged if pk in states][: size + 1]
            # If re-checking visibility thinned the window out and more ids wait beyond it (in the
            # timeline, or among big authors' notes), let the database answer this page instead.
            beyond_big = len(big) == reach and bool(shown) and big[-1] > shown[-1]
            if (len(shown) > size or len(below) == len(window)) and not beyond_big:
                page = shown[:size]
                more = len(shown) > size or (truncated and bool(page))
                next_cursor = encode_cursor({"before": page[-1]}, scope) if more and page else None
                found = cards_by_id(page, {pk for pk in page if states[pk].liked})
                items = [{**found[pk], "reason": ""} for pk in page if pk in found]
                return {"items": items, "next_cursor": next_cursor}
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
