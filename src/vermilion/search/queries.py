"""Note search: keyword matches from the full-text backend blended with nearest notes by meaning,
cut down by `visible_to` and the reader's filters, ranked, paged.

Relevance gathers a bounded candidate set (the best keyword matches, relaxed from "all words" to
"any word" when that finds too few, plus the nearest notes by meaning) and ranks it; the other
sorts order every keyword match, those same relaxed and meaning matches included, in the
database. A sort only reorders: whatever relevance shows for a query and its filters, "most
commented" shows too (it used to drop the notes relevance found by one word of several or by
meaning alone, however many comments they had).
"""

from __future__ import annotations

import hashlib
import math
import time
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vermilion.accounts.models import User
from vermilion.feed.models import Dwell
from vermilion.graph.models import Follow
from vermilion.kit.errors import ApiError
from vermilion.kit.metrics import SEARCH_SECONDS, timed
from vermilion.kit.pagination import clamp_limit, decode_cursor, encode_cursor
from vermilion.kit.segment import has_han, query_concepts
from vermilion.notes.models import Collect, Like, Note
from vermilion.notes.present import cards_by_id
from vermilion.notes.visibility import NoteQuerySet, viewer_id_of

from . import vectors
from .backends import Backend, backend
from .crosslingual import expand
from .query_vectors import query_vector

MAX_QUERY_CHARS = 100
KEYWORD_CANDIDATES = 300
SEMANTIC_CANDIDATES = 100
RELAX_BELOW = 10  # fewer "all words" matches than this: also rank "any word" matches
MAX_OFFSET = 1000
# Cosine similarity of the query and a note (multilingual USE): below the floor a note found only
# by meaning is not shown, whichever the sort (the same notes, in another order).
SEMANTIC_FLOOR = 0.35
KEYWORD_WEIGHT = 0.65
SEMANTIC_WEIGHT = 0.35
POPULARITY_WEIGHT = 0.05

SORT_FIELDS = {"latest": "-published_at", "likes": "-likes_count", "comments": "-comments_count",
               "collects": "-collects_count"}
TIME_DAYS = {"all": 0, "day": 1, "week": 7, "half_year": 182}


@dataclass(frozen=True)
class NoteSearch:
    q: str
    sort: str = "relevance"
    type: str = "all"
    time: str = "all"
    scope: str = "all"

    def fingerprint(self) -> str:
        raw = "\x1f".join((self.q, self.sort, self.type, self.time, self.scope))
        return hashlib.sha256(raw.encode()).hexdigest()[:16]


def check_query(q: str | None) -> str:
    """The query with control and invisible characters removed (PostgreSQL refuses NUL in text;
    a zero-width space is never what someone meant) and spaces collapsed; 400 if too long."""
    q = "".join(ch for ch in (q or "") if ch.isspace() or unicodedata.category(ch)[0] != "C")
    q = " ".join(q.split())
    if len(q) > MAX_QUERY_CHARS:
        raise ApiError("query_too_long", gettext_lazy("The search is too long: at most %(max)d characters.")
                       % {"max": MAX_QUERY_CHARS})
    return q


def _seen_q(viewer: User) -> Q:
    """Notes the reader opened (and stayed on), liked or collected."""
    return (Q(pk__in=Dwell.objects.filter(user=viewer).values("note"))
            | Q(pk__in=Like.objects.filter(user=viewer).values("note"))
            | Q(pk__in=Collect.objects.filter(user=viewer).values("note")))


def filtered_notes(viewer: User | None, search: NoteSearch, region: str) -> NoteQuerySet:
    """What the reader may see from `region` (visible_to), narrowed by type, time and scope."""
    notes = Note.objects.visible_to(viewer, region).filter(status=Note.Status.PUBLISHED)
    if search.type in ("image", "video"):
        notes = notes.filter(kind=search.type)
    if TIME_DAYS.get(search.time):
        notes = notes.filter(published_at__gte=timezone.now() - timedelta(days=TIME_DAYS[search.time]))
    if search.scope != "all":
        if viewer is None:
            if search.scope != "unseen":
                raise ApiError("not_authenticated", gettext_lazy("Please sign in first."), status=401)
            return notes
        if search.scope == "following":
            notes = notes.filter(author__in=Follow.objects.filter(follower=viewer).values("followee"))
        elif search.scope == "seen":
            notes = notes.filter(_seen_q(viewer))
        else:
            notes = notes.exclude(_seen_q(viewer))
    return notes


def _language(code: str) -> str:
    return "zh" if code.startswith("zh") else ("en" if code else "")


def _explain(by_words: bool, by_meaning: bool, query_language: str, note_language: str) -> dict[str, Any]:
    cross = bool(query_language and note_language and query_language != note_language)
    if cross and note_language == "zh":
        reason = _("A Chinese note related to your search")
    elif cross:
        reason = _("An English note related to your search")
    elif by_meaning and not by_words:
        reason = _("Related in meaning")
    else:
        reason = ""
    matched = "words_and_meaning" if by_words and by_meaning else ("words" if by_words else "meaning")
    return {"matched": matched, "language": note_language or None, "cross_language": cross, "reason": reason}


_recent: tuple[float, int | None] = (0.0, None)


def recent_tier_start() -> int | None:
    """The id where the newest VERMILION_SEARCH_RECENT_TIER indexed notes begin (None while there
    are fewer), looked up once a minute per process: it moves only as fast as people publish."""
    global _recent
    tier = int(getattr(settings, "VERMILION_SEARCH_RECENT_TIER", 20_000))
    if tier <= 0:
        return None
    checked, start = _recent
    if time.monotonic() - checked > float(getattr(settings, "VERMILION_FEED_WINDOW_SECONDS", 60)):
        start = backend().newest_id(tier - 1)
        _recent = (time.monotonic(), start)
    return start


def _ranked(engine: Backend, expression: str, recent_only: bool = False) -> list[tuple[int, float]]:
    """The best keyword matches. Ranking reads every matching document, and a word found in one
    note in ten would mean scoring ten thousand documents for a page of twenty; so matches are
    ranked among the newest notes first (a tier, as large engines order postings by a static
    rank), and across all notes only when the tier holds too few of them."""
    start = recent_tier_start()
    if start is not None:
        found = engine.ranked(expression, KEYWORD_CANDIDATES, since=start)
        if len(found) >= KEYWORD_CANDIDATES or recent_only:
            return found
    return engine.ranked(expression, KEYWORD_CANDIDATES)


def _keyword(concepts: Any) -> tuple[dict[int, float], str]:
    engine = backend()
    expression = engine.match_expression(concepts, require_all=True)
    found = dict(_ranked(engine, expression))
    if len(found) < RELAX_BELOW and len(concepts) > 1:
        # Long or mixed queries rarely share every word with a note; rank partial matches lower.
        # Any one of several common words matches a large share of all notes, so partial matches
        # come from the recent tier only (keeping a new query's p95 within bounds, docs/search.md).
        for note_id, score in _ranked(engine, engine.match_expression(concepts, require_all=False), recent_only=True):
            found.setdefault(note_id, score * 0.5)
    return found, expression


def _rank(rows: list[dict[str, Any]], keyword: dict[int, float], sims: dict[int, float]) -> list[dict[str, Any]]:
    top = max(keyword.values(), default=0.0) or 1.0
    for row in rows:
        kw = keyword.get(row["pk"], 0.0) / top
        sim = sims.get(row["pk"])
        meaning = 0.0 if sim is None else min(1.0, max(0.0, (sim - 0.2) / 0.5))
        engagement = row["likes_count"] + 2 * row["collects_count"] + row["comments_count"]
        popularity = math.log1p(engagement) / math.log(10_000)
        row["score"] = KEYWORD_WEIGHT * kw + SEMANTIC_WEIGHT * meaning + POPULARITY_WEIGHT * min(popularity, 1.0)
    return sorted(rows, key=lambda r: (-r["score"], -r["pk"]))


@timed(SEARCH_SECONDS, kind="notes")
def search_notes(viewer: User | None, search: NoteSearch, cursor: str | None, limit: int | None,
                 semantic: bool = True, *, region: str = "") -> dict[str, Any]:
    """A page of notes matching the search, among those the reader may see from `region`."""
    size = clamp_limit(limit)
    scope = f"search:{getattr(viewer, 'pk', 'anon')}:{search.fingerprint()}"
    position = decode_cursor(cursor, scope) or {"offset": 0}
    offset = position.get("offset")
    if not isinstance(offset, int) or not 0 <= offset <= MAX_OFFSET:
        raise ApiError("invalid_cursor", gettext_lazy("The cursor is invalid."))
    concepts = query_concepts(search.q) if search.q else []
    if not concepts:  # empty, emoji or punctuation only: nothing to search for
        return {"items": [], "next_cursor": None}
    concepts = expand(concepts)  # everyday words match in the other language too (coffee ↔ 咖啡)
    notes = filtered_notes(viewer, search, region)
    relevance = search.sort not in SORT_FIELDS
    keyword, expression = _keyword(concepts)
    query_vec = query_vector(search.q) if semantic else None
    nearby = vectors.nearest(query_vec, SEMANTIC_CANDIDATES) if query_vec is not None else {}
    nearby = {k: v for k, v in nearby.items() if v >= SEMANTIC_FLOOR}
    fields = ["pk", "likes_count", "collects_count", "comments_count", "language"]
    if relevance:
        rows = list(notes.filter(pk__any=list(set(keyword) | set(nearby))).values(*fields))
        sims = dict(nearby)
        if query_vec is not None:
            sims.update(vectors.similarities(query_vec, [r["pk"] for r in rows if r["pk"] not in nearby]))
        ordered = _rank(rows, keyword, sims)
        page = ordered[offset : offset + size]
        more = offset + size < len(ordered)
    else:
        # Every keyword match (below), and what relevance would rank: the relaxed matches and the
        # notes found by meaning.
        matching = Q(pk__any=list(set(nearby) | set(keyword)))
        if expression:
            sql, params = backend().matching_sql(expression)
            # Built by the backend from quoted, validated tokens; the expression itself is a parameter.
            matching |= Q(pk__in=RawSQL(sql, params))  # noqa: S611
        page = list(notes.filter(matching).order_by(SORT_FIELDS[search.sort], "-pk").values(*fields)
                    [offset : offset + size + 1])
        more = len(page) > size
        page = page[:size]
        sims = dict(nearby)
        if query_vec is not None:
            sims.update(vectors.similarities(query_vec, [r["pk"] for r in page if r["pk"] not in nearby]))
    shown = [r["pk"] for r in page]
    liked = set(Like.objects.filter(user=viewer, note_id__any=shown).values_list("note_id", flat=True)) \
        if viewer_id_of(viewer) is not None and shown else set()
    by_id = cards_by_id(shown, liked)
    cards = [by_id[pk] for pk in shown if pk in by_id]
    query_language = "zh" if has_han(search.q) else "en"
    rows_by_id = {r["pk"]: r for r in page}
    for card in cards:
        row = rows_by_id[int(card["id"])]
        by_meaning = sims.get(row["pk"], 0.0) >= SEMANTIC_FLOOR
        card["match"] = _explain(row["pk"] in keyword, by_meaning, query_language, _language(row["language"]))
    next_offset = offset + size
    next_cursor = encode_cursor({"offset": next_offset}, scope) if more and next_offset <= MAX_OFFSET else None
    return {"items": cards, "next_cursor": next_cursor}
