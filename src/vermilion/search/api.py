"""Search endpoints: notes (with RedNote's sorts and filters), people, topics, suggestions, trending."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from vermilion.accounts.callers import reader, reading_region
from vermilion.accounts.models import User
from vermilion.kit.pagination import clamp_limit

from .actions import do_record_search
from .queries import NoteSearch, check_query, search_notes
from .schemas import Kind, NoteResults, Period, PersonResults, Scope, Sort, Suggestions, TopicResults, Trending
from .suggestions import search_people, search_topics, suggest, trending

router = Router(tags=["search"])


def _searcher(request: HttpRequest, who: User | None) -> str:
    if who is not None:
        return f"u{who.pk}"
    return "a" + str(request.META.get("REMOTE_ADDR", ""))


@router.get("/search/notes", response=NoteResults, auth=None)
def notes(request: HttpRequest, q: str = "", sort: Sort = "relevance", type: Kind = "all", time: Period = "all",
          scope: Scope = "all", cursor: str | None = None, limit: int | None = None) -> dict[str, Any]:
    """Notes matching `q` in words or meaning, in either language; each item says how it matched."""
    who = reader(request)
    search = NoteSearch(q=check_query(q), sort=sort, type=type, time=time, scope=scope)
    page = search_notes(who, search, cursor, limit, region=reading_region(request, who))
    if cursor is None:
        do_record_search(search.q, _searcher(request, who), bool(page["items"]))
    return page


@router.get("/search/users", response=PersonResults, auth=None)
def users(request: HttpRequest, q: str = "", cursor: str | None = None, limit: int | None = None) -> dict[str, Any]:
    return search_people(reader(request), check_query(q), cursor, limit)


@router.get("/search/topics", response=TopicResults, auth=None)
def topics(request: HttpRequest, q: str = "", cursor: str | None = None, limit: int | None = None) -> dict[str, Any]:
    return search_topics(check_query(q), cursor, limit)


@router.get("/search/suggest", response=Suggestions, auth=None)
def suggestions(request: HttpRequest, q: str = "") -> dict[str, Any]:
    """Topics, people and popular searches starting with `q` (also by pinyin and its initials)."""
    return {"items": suggest(reader(request), check_query(q))}


@router.get("/search/trending", response=Trending, auth=None)
def trending_searches(request: HttpRequest, limit: int | None = None) -> dict[str, Any]:
    """Searches rising now (compared with the week before), not the all-time most searched."""
    return {"items": trending(clamp_limit(limit, default=10, maximum=20))}
