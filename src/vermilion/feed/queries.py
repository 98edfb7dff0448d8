"""Feed pages. Discover ranks a bounded, recent candidate set; Following and Nearby are keyset pages.

Discover pagination holds a snapshot (the newest id at the first page) and an offset, so a reader
scrolling on never sees a note twice or misses one because new notes arrived meanwhile.
"""

from __future__ import annotations

import time
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vermilion.kit.errors import ApiError
from vermilion.kit.ids import id_for_time
from vermilion.kit.pagination import clamp_limit, decode_cursor, encode_cursor, keyset_page
from vermilion.kit.regions import region_name
from vermilion.notes.models import Collect, Like, Note, NoteTopic
from vermilion.notes.present import note_cards, with_relations

from .interests import topics_for_interests
from .models import Feedback
from .ranking import Candidate, diversify, score

WINDOW_DAYS = 30
MAX_CANDIDATES = 600


def _base(viewer: Any) -> Any:
    notes = Note.objects.visible_to(viewer).recommendable().filter(status=Note.Status.PUBLISHED)
    if viewer is not None and getattr(viewer, "is_authenticated", False):
        feedback = Feedback.objects.filter(user=viewer)
        notes = notes.exclude(pk__in=feedback.values("note")).exclude(author=viewer)
        notes = notes.exclude(author__in=feedback.filter(kind=Feedback.Kind.LESS_FROM_AUTHOR).values("author"))
        notes = notes.exclude(topics__in=feedback.filter(kind=Feedback.Kind.LESS_FROM_TOPIC).values("topic"))
    return notes


def _viewer_interest_topics(viewer: Any) -> set[str]:
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return set()
    keys = topics_for_interests(list(viewer.interests or []))
    engaged = list(Like.objects.filter(user=viewer).order_by("-pk").values_list("note_id", flat=True)[:50])
    engaged += list(Collect.objects.filter(user=viewer).order_by("-pk").values_list("note_id", flat=True)[:50])
    keys |= set(NoteTopic.objects.filter(note_id__in=engaged).values_list("topic__key", flat=True))
    return keys


def _reason_text(kind: str, detail: str, language: str) -> str:
    if kind == "topic" and detail:
        return _("Because you like #%(topic)s") % {"topic": detail}
    if kind == "region" and detail:
        return _("Popular in %(region)s") % {"region": region_name(detail, language)}
    if kind == "new":
        return _("New in #%(topic)s") % {"topic": detail} if detail else _("Fresh from a new creator")
    return _("Popular now")


def discover_page(viewer: Any, cursor: str | None, limit: int | None, region: str, language: str) -> dict[str, Any]:
    size = clamp_limit(limit)
    scope = f"discover:{getattr(viewer, 'pk', 'anon')}"
    position = decode_cursor(cursor, scope) if cursor else {"snap": id_for_time(time.time() + 1), "offset": 0}
    snapshot, offset = (position or {}).get("snap"), (position or {}).get("offset")
    if not isinstance(snapshot, int) or not isinstance(offset, int) or offset < 0:
        raise ApiError("invalid_cursor", _("The cursor is invalid."))
    since = id_for_time(time.time() - WINDOW_DAYS * 86400)
    rows = list(
        _base(viewer)
        .filter(pk__lt=snapshot, pk__gte=since)
        .order_by("-pk")
        .values("pk", "author_id", "likes_count", "collects_count", "comments_count", "published_at", "language", "ip_region")[
            :MAX_CANDIDATES
        ]
    )
    topics: dict[int, list[str]] = {}
    for note_id, key in NoteTopic.objects.filter(note_id__in=[r["pk"] for r in rows]).values_list("note_id", "topic__key"):
        topics.setdefault(note_id, []).append(key)
    now = timezone.now()
    interests = _viewer_interest_topics(viewer)
    viewer_language = (language or "en")[:2]
    candidates = [
        Candidate(
            note_id=r["pk"], author_id=r["author_id"], topic_keys=tuple(topics.get(r["pk"], ())),
            likes=r["likes_count"], collects=r["collects_count"], comments=r["comments_count"],
            published_at=r["published_at"] or now, language=r["language"], region=r["ip_region"],
        )
        for r in rows
    ]
    for c in candidates:
        c.score = score(c, now, interests, viewer_language, region)
    ranked = diversify(sorted(candidates, key=lambda c: (-c.score, -c.note_id)))
    page = ranked[offset : offset + size]
    notes = {n.pk: n for n in with_relations(Note.objects.filter(pk__in=[c.note_id for c in page]))}
    cards = note_cards([notes[c.note_id] for c in page if c.note_id in notes], viewer)
    reasons = {c.note_id: _reason_text(*c.reason, language) for c in page}
    for card in cards:
        card["reason"] = reasons.get(int(card["id"]), "")
    more = offset + size < len(ranked)
    return {"items": cards, "next_cursor": encode_cursor({"snap": snapshot, "offset": offset + size}, scope) if more else None}


def following_page(viewer: Any, cursor: str | None, limit: int | None) -> dict[str, Any]:
    from vermilion.graph.models import Follow

    notes = Note.objects.visible_to(viewer).filter(
        status=Note.Status.PUBLISHED, author__in=Follow.objects.filter(follower=viewer).values("followee")
    )
    rows, next_cursor = keyset_page(with_relations(notes), cursor, f"following:{viewer.pk}", limit)
    cards = note_cards(rows, viewer)
    for card in cards:
        card["reason"] = ""
    return {"items": cards, "next_cursor": next_cursor}


def nearby_page(viewer: Any, region: str, cursor: str | None, limit: int | None, language: str) -> dict[str, Any]:
    if not region:
        return {"items": [], "next_cursor": None, "region": None}
    same = Q(ip_region=region) | (Q(ip_region__startswith="CN-") if region == "CN" else Q(pk__in=[]))
    notes = Note.objects.visible_to(viewer).recommendable().filter(same, status=Note.Status.PUBLISHED)
    rows, next_cursor = keyset_page(with_relations(notes), cursor, f"nearby:{region}", limit)
    cards = note_cards(rows, viewer)
    label = region_name(region, language)
    for card in cards:
        card["reason"] = _("Near you in %(region)s") % {"region": label}
    return {"items": cards, "next_cursor": next_cursor, "region": label}


def viewer_region(request: Any, who: Any) -> str:
    """The region "nearby" means: the signed-in user's saved IP region, else this request's."""
    from vermilion.kit.geo import request_region

    saved = str(getattr(who, "ip_region", "") or "") if who is not None else ""
    return saved or request_region(request)
