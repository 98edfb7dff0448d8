"""The pages. Each renders a light shell plus the first screen of data as JSON (the same payloads
the API returns, built by the same presenters); the browser scripts render it and fetch more from
/api/v1. One rendering path for cards and comments; a note's page also carries its text and photos
as HTML, for link previews and readers without JavaScript, which note.js enhances in place."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.csrf import ensure_csrf_cookie

from vermilion.accounts.callers import account_of, reader, reading_region
from vermilion.accounts.models import User
from vermilion.accounts.present import profile_payload
from vermilion.accounts.queries import user_by_username
from vermilion.feed.actions import do_record_impressions
from vermilion.feed.queries import discover_page, following_page, nearby_page, viewer_region
from vermilion.graph.queries import follows, relationship
from vermilion.kit.errors import ApiError
from vermilion.notes import queries as note_queries
from vermilion.notes import rules
from vermilion.notes.models import Note
from vermilion.notes.present import board_payload, note_details

from .errors import error_page
from .preview import note_preview, profile_preview

TABS = ("discover", "following", "nearby")


def _who(request: HttpRequest) -> User | None:
    try:
        return reader(request)
    except ApiError:
        return None


@ensure_csrf_cookie
def home(request: HttpRequest) -> HttpResponse:
    who = _who(request)
    tab = request.GET.get("tab", "discover")
    if tab not in TABS:
        tab = "discover"
    language = get_language() or "en"
    reading = reading_region(request, who)
    if tab == "following" and who is None:
        first: dict[str, Any] = {"items": [], "next_cursor": None, "signed_out": True}
    elif tab == "following" and who is not None:
        first = following_page(who, None, 20, reading)
    elif tab == "nearby":
        first = nearby_page(who, viewer_region(request, who), None, 20, language, reading)
    else:
        first, shown = discover_page(who, None, 20, viewer_region(request, who), language, reading)
        if who is not None:
            do_record_impressions(who, shown)
    topics = [{"name": t.name, "notes_count": t.notes_count} for t in note_queries.topics_matching("", 12)]
    return render(request, "web/home.html", {"tab": tab, "tabs": TABS, "first": first, "topics": topics})


@ensure_csrf_cookie
def note(request: HttpRequest, note_id: str) -> HttpResponse:
    """The note on the server (title, text, photos, author, and what a link preview reads), which
    note.js then enhances in place. A note the reader may not see is the same page as one that
    never existed: nothing of it, not even whether it exists."""
    who = _who(request)
    try:
        found = note_queries.note_for_detail(who, note_id, reading_region(request, who))
    except ApiError:
        return error_page(request, 404, "404-note")
    payload = note_details([found], who)[0]
    following = who is not None and who.pk != found.author_id and follows(who.pk, found.author_id)
    context = {"note": payload, "note_obj": found, "following": following, "ip_region_known": bool(found.ip_region),
               "preview": note_preview(request, payload)}
    return render(request, "web/note.html", context)


@login_required
@ensure_csrf_cookie
def compose(request: HttpRequest, note_id: str | None = None) -> HttpResponse:
    editing = None
    author = account_of(request)
    if note_id is not None:
        try:
            found = note_queries.visible_note(author, note_id, reading_region(request, author))
        except ApiError as exc:
            raise Http404 from exc
        if found.author_id != author.pk:
            raise Http404
        editing = note_details([found], author)[0]
    drafts = [{"id": str(n.pk), "title": n.title or "…", "created_at": n.created_at}
              for n in note_queries.drafts_of(author).order_by("-pk")[:20]]
    limits = {"title_width": rules.title_max_width(), "body_chars": rules.body_max_chars(),
              "max_images": rules.max_images()}
    context = {"editing": editing, "limits": limits, "drafts": drafts, "visibilities": Note.Visibility.choices}
    return render(request, "web/compose.html", context)


@ensure_csrf_cookie
def profile(request: HttpRequest, username: str) -> HttpResponse:
    user = user_by_username(username)
    if user is None:
        return error_page(request, 404, "404-person")
    who = _who(request)
    tab = request.GET.get("tab", "notes")
    if tab not in ("notes", "collects", "likes", "boards"):
        tab = "notes"
    boards = [board_payload(b) for b in note_queries.boards_of(who, user)]
    shown = profile_payload(user)
    context = {
        "profile": shown,
        "preview": profile_preview(request, shown),
        "profile_user": user,
        "relation": relationship(who, user) if who is not None else None,
        "is_me": who is not None and who.pk == user.pk,
        "tab": tab,
        "boards": boards,
    }
    return render(request, "web/profile.html", context)


@ensure_csrf_cookie
def people(request: HttpRequest, username: str, which: str) -> HttpResponse:
    user = user_by_username(username)
    if user is None:
        return error_page(request, 404, "404-person")
    return render(request, "web/people.html", {"profile": profile_payload(user), "which": which})


@ensure_csrf_cookie
def board(request: HttpRequest, board_id: str) -> HttpResponse:
    try:
        found = note_queries.board_for(_who(request), board_id)
    except ApiError as exc:
        raise Http404 from exc
    return render(request, "web/board.html", {"board": board_payload(found), "owner": found.owner})


@ensure_csrf_cookie
def topic(request: HttpRequest, name: str) -> HttpResponse:
    try:
        found = note_queries.topic_by_name(name)
    except ApiError as exc:
        raise Http404 from exc
    sort = "new" if request.GET.get("sort") == "new" else "hot"
    return render(request, "web/topic.html", {"topic": found, "sort": sort})


@login_required
@ensure_csrf_cookie
def notifications(request: HttpRequest) -> HttpResponse:
    group = request.GET.get("group", "likes_collects")
    if group not in ("likes_collects", "follows", "comments_mentions"):
        group = "likes_collects"
    return render(request, "web/notifications.html", {"group": group})
