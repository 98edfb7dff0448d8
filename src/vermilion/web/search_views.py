"""The search results page: notes (the feed's waterfall cards), people and topics, with RedNote's
filters as a plain GET form, so it works before (and without) the scripts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import ensure_csrf_cookie

from vermilion.accounts.callers import reader, reading_region
from vermilion.kit.errors import ApiError
from vermilion.search.queries import MAX_QUERY_CHARS, NoteSearch, check_query, search_notes
from vermilion.search.suggestions import search_people, search_topics, trending

TABS = ("notes", "users", "topics")
FILTER_LABELS = {"sort": _("Sort"), "type": _("Type"), "time": _("Time"), "scope": _("Scope")}
FILTERS: dict[str, list[tuple[str, Any]]] = {
    "sort": [("relevance", _("Most relevant")), ("latest", _("Latest")), ("likes", _("Most liked")),
             ("comments", _("Most commented")), ("collects", _("Most collected"))],
    "type": [("all", _("All")), ("image", _("Photos")), ("video", _("Videos"))],
    "time": [("all", _("Any time")), ("day", _("Past day")), ("week", _("Past week")),
             ("half_year", _("Past six months"))],
    "scope": [("all", _("All notes")), ("following", _("People I follow")), ("seen", _("Seen")),
              ("unseen", _("Not seen yet"))],
}


def _choice(request: HttpRequest, name: str) -> str:
    value = request.GET.get(name, "")
    allowed = [value for value, _label in FILTERS[name]]
    return value if value in allowed else allowed[0]


@ensure_csrf_cookie
def search(request: HttpRequest) -> HttpResponse:
    try:
        who = reader(request)
    except ApiError:
        who = None
    q = check_query(request.GET.get("q", "")[:MAX_QUERY_CHARS])
    tab = request.GET.get("tab", "notes")
    tab = tab if tab in TABS else "notes"
    chosen = {name: _choice(request, name) for name in FILTERS}
    if who is None and chosen["scope"] in ("following", "seen"):
        chosen["scope"] = "all"
    filters = [{"name": name, "label": FILTER_LABELS[name],
                "options": [(value, label, value == chosen[name]) for value, label in choices]}
               for name, choices in FILTERS.items() if name != "scope" or who is not None]
    context: dict[str, Any] = {"q": q, "tab": tab, "filters": filters, "search_q": q}
    if not q:
        context["trending"] = trending(10)
    elif tab == "notes":
        search = NoteSearch(q=q, **chosen)
        context["first"] = search_notes(who, search, None, 20, region=reading_region(request, who))
        context["source"] = "/api/v1/search/notes?" + urlencode({"q": q, **chosen})
    elif tab == "users":
        context["people"] = search_people(who, q, None, 30)["items"]
    else:
        context["topics"] = search_topics(q, None, 30)["items"]
    return render(request, "web/search.html", context)
