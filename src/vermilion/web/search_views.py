"""The search results page: notes (the feed's waterfall cards), people and topics, with RedNote's
filters as a plain GET form, so it works before (and without) the scripts. An empty search shows
the reader's recent searches (cleared by a POST, for readers without scripts too) and trending ones.
A search made here counts for trending and the reader's recent searches, as one made through the API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import ensure_csrf_cookie

from vermilion.accounts.callers import reader, reading_region
from vermilion.kit.errors import ApiError
from vermilion.search.actions import do_forget_searches, do_record_search, do_remember_search, searcher_key
from vermilion.search.queries import MAX_QUERY_CHARS, NoteSearch, check_query, search_notes
from vermilion.search.suggestions import recent_searches, search_people, search_topics, trending

from .errors import error_page

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


class UnknownFilter(Exception):
    pass


def _choice(request: HttpRequest, name: str) -> str:
    """The chosen option of a filter (the first when none is given); an option that does not exist
    is refused rather than silently replaced, so a mistyped link says so."""
    value = request.GET.get(name, "")
    allowed = [value for value, _label in FILTERS[name]]
    if value and value not in allowed:
        raise UnknownFilter(name)
    return value or allowed[0]


@ensure_csrf_cookie
def search(request: HttpRequest) -> HttpResponse:
    try:
        who = reader(request)
    except ApiError:
        who = None
    if request.method == "POST":
        if who is not None and request.POST.get("clear") == "recent":
            do_forget_searches(who)
        return redirect("web:search")
    q = check_query(request.GET.get("q", "")[:MAX_QUERY_CHARS])
    tab = request.GET.get("tab") or "notes"
    try:
        if tab not in TABS:
            raise UnknownFilter("tab")
        chosen = {name: _choice(request, name) for name in FILTERS}
    except UnknownFilter as exc:
        label = FILTER_LABELS.get(str(exc), _("Tab"))
        detail = _("There is no such choice for “%(filter)s”. Choose one of the options on the search page.")
        return error_page(request, 400, detail=str(detail) % {"filter": label})
    if who is None and chosen["scope"] in ("following", "seen"):
        chosen["scope"] = "all"
    filters = [{"name": name, "label": FILTER_LABELS[name],
                "options": [(value, label, value == chosen[name]) for value, label in choices]}
               for name, choices in FILTERS.items() if name != "scope" or who is not None]
    context: dict[str, Any] = {"q": q, "tab": tab, "filters": filters, "search_q": q}
    if not q:
        context["trending"] = trending(10)
        context["recent"] = recent_searches(who)
    elif tab == "notes":
        search = NoteSearch(q=q, **chosen)
        context["first"] = search_notes(who, search, None, 20, region=reading_region(request, who))
        context["source"] = "/api/v1/search/notes?" + urlencode({"q": q, **chosen})
        do_record_search(q, searcher_key(who.pk if who else None, str(request.META.get("REMOTE_ADDR", ""))),
                         bool(context["first"]["items"]))
        if who is not None:
            do_remember_search(who, q)
    elif tab == "users":
        context["people"] = search_people(who, q, None, 30)["items"]
    else:
        context["topics"] = search_topics(q, None, 30)["items"]
    return render(request, "web/search.html", context)
