"""Reads over names: people and topics by name, suggestions as the reader types, trending searches.

Names are prefix-matched in both scripts: the folded name (so 貓 finds 猫税 and ＯＯＴＤ finds ootd),
its pinyin and its pinyin initials ("xhs" finds 小红书), and a whole everyday word in the other
language ("hotpot" suggests #火锅, crosslingual.py). An empty box suggests the reader's own recent
searches and what is trending. Hidden suggestions (moderation) and people the reader blocked,
muted or was blocked by never appear.
"""

from __future__ import annotations

import math
import re
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.db.models import Q, Sum

from vermilion.accounts.models import User
from vermilion.accounts.present import author_payload
from vermilion.graph.models import Block, Mute
from vermilion.kit.metrics import SEARCH_SECONDS, timed
from vermilion.kit.pagination import offset_page
from vermilion.notes.models import Topic

from .actions import current_hour, query_key
from .crosslingual import translations
from .models import QueryCount, RecentSearch, Suggestion

MIN_QUERY_SEARCHERS = 3  # a query becomes a suggestion only once several people searched it
TRENDING_WINDOW_HOURS = 3
TRENDING_BASELINE_HOURS = 7 * 24
TRENDING_CACHE_SECONDS = 60
TRENDING_MIN_SCORE = 2.0  # about two standard deviations above what the week before predicts
RECENT_SHOWN = 8
_PINYIN_RE = re.compile(r"^[a-z]+$")


def _prefix(field: str, prefix: str) -> Q:
    # A range is what an index can serve on SQLite (its LIKE ignores ASCII case and skips the
    # index); PostgreSQL serves LIKE 'x%' from the text_pattern_ops index.
    if connection.vendor == "sqlite":
        return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + "\U0010ffff"})
    return Q(**{f"{field}__startswith": prefix})


def _name_match(prefix: str) -> Q:
    match = _prefix("key", prefix)
    compact = prefix.replace(" ", "")
    if _PINYIN_RE.match(compact):
        match |= _prefix("pinyin", compact) | _prefix("initials", compact)
    return match


def _hidden_people(viewer: User | None) -> Q:
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return Q(pk__in=[])

    return (Q(ref__in=Block.objects.filter(blocker=viewer).values("blocked"))
            | Q(ref__in=Block.objects.filter(blocked=viewer).values("blocker"))
            | Q(ref__in=Mute.objects.filter(muter=viewer).values("muted")))


def recent_searches(viewer: User | None, limit: int = RECENT_SHOWN) -> list[str]:
    """The reader's own latest searches, newest first (nothing for an anonymous reader)."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return []
    return list(RecentSearch.objects.filter(user=viewer).order_by("-searched_at", "-pk")
                .values_list("label", flat=True)[:limit])


def on_focus(viewer: User | None) -> list[dict[str, Any]]:
    """What an empty search box offers: the reader's recent searches, then trending ones."""
    recent = recent_searches(viewer)
    mine = {query_key(text) for text in recent}
    rising = [t["text"] for t in trending(10) if query_key(t["text"]) not in mine]
    return [{"kind": "recent", "text": text} for text in recent] + [{"kind": "trending", "text": text} for text in rising]


@timed(SEARCH_SECONDS, kind="suggest")
def suggest(viewer: User | None, q: str, per_kind: int = 4) -> list[dict[str, Any]]:
    prefix = query_key(q)
    if not prefix:
        return on_focus(viewer)
    shown = Suggestion.objects.filter(_name_match(prefix), hidden=False)
    out: list[dict[str, Any]] = []
    topics = list(shown.filter(kind=Suggestion.Kind.TOPIC, weight__gt=0).order_by("-weight", "key")[:per_kind])
    other = translations(prefix)
    if other and len(topics) < per_kind:
        # A whole everyday word typed in one language: the topic in the other language is likely what is meant.
        across = (Suggestion.objects.filter(kind=Suggestion.Kind.TOPIC, weight__gt=0, hidden=False, key__in=other)
                  .exclude(pk__in=[t.pk for t in topics]).order_by("-weight", "key"))
        topics += list(across[: per_kind - len(topics)])
    out += [{"kind": "topic", "text": s.label} for s in topics]
    people = shown.filter(kind=Suggestion.Kind.PERSON).exclude(_hidden_people(viewer)).order_by("-weight", "key")
    users = {u.pk: u for u in get_user_model().objects.filter(
        pk__in=[s.ref for s in people[: per_kind * 2]], is_active=True).select_related("avatar")}
    seen: set[int] = set()
    for s in people[: per_kind * 2]:
        if s.ref in users and s.ref not in seen and len(seen) < per_kind:
            seen.add(s.ref)
            out.append({"kind": "person", "text": users[s.ref].name, "user": author_payload(users[s.ref])})
    queries = shown.filter(kind=Suggestion.Kind.QUERY, weight__gte=MIN_QUERY_SEARCHERS).order_by("-weight", "key")
    out += [{"kind": "query", "text": s.label} for s in queries[:per_kind]]
    return out


@timed(SEARCH_SECONDS, kind="people")
def search_people(viewer: User | None, q: str, cursor: str | None, limit: int | None) -> dict[str, Any]:
    """People whose username or display name contains the query (folded), or whose name's pinyin
    starts with it; the most followed first."""
    key = query_key(q)
    if not key:
        return {"items": [], "next_cursor": None}
    match = Q(key__contains=key) | _name_match(key)
    refs = (Suggestion.objects.filter(match, kind=Suggestion.Kind.PERSON).exclude(_hidden_people(viewer))
            .values("ref").annotate(best=Sum("weight")).order_by("-best", "ref"))
    rows, next_cursor = offset_page(refs, cursor, f"search-people:{key}", limit)
    users = {u.pk: u for u in get_user_model().objects.filter(
        pk__in=[r["ref"] for r in rows], is_active=True).select_related("avatar")}
    items = []
    for r in rows:
        user = users.get(r["ref"])
        if user is not None:
            items.append({**author_payload(user), "followers": user.followers_count, "notes": user.notes_count})
    return {"items": items, "next_cursor": next_cursor}


@timed(SEARCH_SECONDS, kind="topics")
def search_topics(q: str, cursor: str | None, limit: int | None) -> dict[str, Any]:
    key = query_key(q).lstrip("#")
    if not key:
        return {"items": [], "next_cursor": None}
    by_pinyin = Suggestion.objects.filter(_name_match(key), kind=Suggestion.Kind.TOPIC).values("ref")
    topics = Topic.objects.filter(Q(key__contains=key.replace(" ", "")) | Q(pk__in=by_pinyin), notes_count__gt=0)
    hidden = Suggestion.objects.filter(kind=Suggestion.Kind.TOPIC, hidden=True).values("ref")
    rows, next_cursor = offset_page(topics.exclude(pk__in=hidden).order_by("-notes_count", "key"), cursor,
                                    f"search-topics:{key}", limit)
    items = [{"name": t.name, "notes_count": t.notes_count, "views_count": t.views_count} for t in rows]
    return {"items": items, "next_cursor": next_cursor}


def trending(limit: int = 10) -> list[dict[str, Any]]:
    """Queries rising now: searchers in the last few hours against what the week before predicts.

    Scored like a z-score, (recent - expected) / sqrt(expected + 1): a query everyone always
    searches does not trend; one that doubles from a small base does not outrun a real surge.
    When nothing rises, the week's most searched queries stand in (score 0).
    """
    cached = cache.get("search:trending")
    if cached is not None:
        return list(cached)[:limit]
    now = current_hour()
    window_start = now - TRENDING_WINDOW_HOURS + 1
    recent = dict(QueryCount.objects.filter(hour__gte=window_start).values("key").annotate(n=Sum("searches"))
                  .filter(n__gte=MIN_QUERY_SEARCHERS).values_list("key", "n"))
    if not recent:
        top = _popular(now)
        cache.set("search:trending", top, TRENDING_CACHE_SECONDS)
        return top[:limit]
    before = dict(QueryCount.objects.filter(key__in=list(recent), hour__lt=window_start,
                                            hour__gte=window_start - TRENDING_BASELINE_HOURS)
                  .values("key").annotate(n=Sum("searches")).values_list("key", "n"))
    labels = dict(Suggestion.objects.filter(kind=Suggestion.Kind.QUERY, key__in=list(recent), hidden=False)
                  .values_list("key", "label"))
    scored = []
    for key, count in recent.items():
        if key not in labels:
            continue  # hidden by moderation
        expected = (before.get(key, 0) or 0) * TRENDING_WINDOW_HOURS / TRENDING_BASELINE_HOURS
        score = (count - expected) / math.sqrt(expected + 1)
        if score >= TRENDING_MIN_SCORE:
            scored.append({"text": labels[key], "searches": count, "score": round(score, 2)})
    scored.sort(key=lambda s: (-s["score"], s["text"]))
    top = scored[:50] or _popular(now)
    cache.set("search:trending", top, TRENDING_CACHE_SECONDS)
    return top[:limit]


def _popular(now: int) -> list[dict[str, Any]]:
    """When nothing rises (a quiet hour, a small site): the week's most searched queries, with a
    score of 0, so the box still has something to offer."""
    counts = (QueryCount.objects.filter(hour__gte=now - TRENDING_BASELINE_HOURS).values("key")
              .annotate(n=Sum("searches")).filter(n__gte=MIN_QUERY_SEARCHERS).order_by("-n", "key")[:100])
    by_key = {row["key"]: row["n"] for row in counts}
    labels = dict(Suggestion.objects.filter(kind=Suggestion.Kind.QUERY, key__in=list(by_key), hidden=False)
                  .values_list("key", "label"))
    return [{"text": labels[key], "searches": n, "score": 0.0} for key, n in by_key.items() if key in labels][:50]
