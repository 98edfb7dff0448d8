"""Search endpoints: notes (with RedNote's sorts and filters), people, topics, suggestions, trending."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from vermilion.accounts.callers import me, reader, reading_region
from vermilion.kit.http.auth import signed_in
from vermilion.kit.pagination import clamp_limit

from .actions import do_forget_searches, do_record_search, do_remember_search, searcher_key
from .queries import NoteSearch, check_query, search_notes
from .schemas import Forgotten, Kind, NoteResults, Period, PersonResults, Scope, Sort, Suggestions, TopicResults, Trending
from .suggestions import search_people, search_topics, suggest, trending

router = Router(tags=["search"])


@router.get("/search/notes", response=NoteResults, auth=None)
def notes(request: HttpRequest, q: str = "", sort: Sort = "relevance", type: Kind = "all", time: Period = "all",
          scope: Scope = "all", cursor: str | None = None, limit: int | None = None) -> dict[str, Any]:
    """Notes matching `q` in words or meaning, in either language; each item says how it matched."""
    who = reader(request)
    search = NoteSearch(q=check_query(q), sort=sort, type=type, time=time, scope=scope)
    page = search_notes(who, search, cursor, limit, region=reading_region(request, who))
    if cursor is None:  # a search, not its next page
        do_record_search(search.q, searcher_key(who.pk if who else None, str(request.META.get("REMOTE_ADDR", ""))),
                         bool(page["items"]))
        if who is not None:
            do_remember_search(who, search.q)
    return page


@router.get("/search/users", response=PersonResults, auth=None)
def users(request: HttpRequest, q: str = "", cursor: str | None = None, limit: int | None = None) -> dict[str, Any]:
    return search_people(reader(request), check_query(q), cursor, limit)


@router.get("/search/topics", response=TopicResults, auth=None)
def topics(request: HttpRequest, q: str = "", cursor: str | None = None, limit: int | None = None) -> dict[str, Any]:
    return search_topics(check_query(q), cursor, limit)


@router.get("/search/suggest", response=Suggestions, auth=None)
def suggestions(request: HttpRequest, q: str = "") -> dict[str, Any]:
    """Topics, people and popular searches starting with `q` (also by pinyin and its initials, and
    topics in the other language for an everyday word); for an empty `q`, the reader's recent
    searches (`recent`) and trending ones (`trending`)."""
    return {"items": suggest(reader(request), check_query(q))}


@router.delete("/search/recent", response=Forgotten, auth=signed_in)
def forget_recent(request: HttpRequest, q: str | None = None) -> dict[str, Any]:
    """Clear the signed-in reader's recent searches: all of them, or the one `q`."""
    return {"deleted": do_forget_searches(me(request), None if q is None else check_query(q))}


@router.get("/search/trending", response=Trending, auth=None)
def trending_searches(request: HttpRequest, limit: int | None = None) -> dict[str, Any]:
    """Searches rising now (compared with the week before), not the all-time most searched."""
    return {"items": trending(clamp_limit(limit, default=10, maximum=20))}
