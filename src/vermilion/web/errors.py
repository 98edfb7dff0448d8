"""Error pages inside the site's frame, in the reader's language, with a search box and a way home.

Django calls the handlers below (urls.py: handler400 …) for errors the views raise; the middleware
gives the same page to the plain-text refusals lower layers answer with before any view runs (a
malformed header, a control character in the address, a busy database). The JSON API keeps its own
error bodies: under /api/ nothing here changes what Django or the API answers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.views import defaults

from vermilion.serving.middleware import language_for

from .jsi18n import js_strings

log = logging.getLogger(__name__)

# Paths whose errors are not pages of the site: the API (JSON), the admin, the probes.
_NOT_PAGES = ("/api/", "/admin/", "/healthz", "/metrics", "/ws")

MESSAGES: dict[str, tuple[Any, Any]] = {
    "400": (_("That request could not be understood"),
            _("Something in the address or the form was not right. Go back and try again.")),
    "403": (_("You may not see this page"),
            _("This page is not open to your account. If you think it should be, sign in with the right account.")),
    "404": (_("Page not found"),
            _("There is nothing at this address. It may have moved, or the link may be mistyped.")),
    "404-note": (_("This note is not available"),
                 _("It may have been deleted or hidden by its author, or it is not visible to you.")),
    "404-person": (_("This person is not here"),
                   _("There is no account with this name, or it is no longer active.")),
    "500": (_("Something went wrong on our side"),
            _("The error has been logged. Please try again in a moment.")),
    "503": (_("Vermilion is busy right now"),
            _("Too many people at once. Please try again in a moment.")),
}
STYLED = frozenset({400, 403, 404, 500, 503})


def _context(status: int, kind: str, detail: str = "") -> dict[str, Any]:
    heading, message = MESSAGES.get(kind, MESSAGES[str(status)])
    return {"status": status, "kind": kind, "heading": heading, "message": message, "detail": detail}


def _bare(request: HttpRequest, status: int, kind: str, detail: str = "") -> HttpResponse:
    """The page without anything read from the database (no reader, no moderator link): what a
    server error or a busy database can still show."""
    context = {**_context(status, kind, detail), "ui_languages": settings.LANGUAGES, "js_strings": js_strings()}
    try:
        response = HttpResponse(render_to_string(f"web/{status}.html", context), status=status)
    except Exception:  # the last resort must not fail: plain text in both languages
        log.exception("the error page could not be rendered")
        response = HttpResponse(f"{status} · Vermilion: please try again in a moment. / 朱红：请稍后再试。", status=status,
                                content_type="text/plain; charset=utf-8")
    response.vermilion_error_page = True  # type: ignore[attr-defined]
    return response


def error_page(request: HttpRequest, status: int, kind: str | None = None, detail: str = "") -> HttpResponse:
    kind = kind or str(status)
    if status >= 500:
        return _bare(request, status, kind, detail)
    try:
        response = render(request, f"web/{status}.html", _context(status, kind, detail), status=status)
    except Exception:
        log.exception("the error page could not be rendered with the reader's frame")
        return _bare(request, status, kind, detail)
    response.vermilion_error_page = True  # type: ignore[attr-defined]
    return response


def _is_page(request: HttpRequest) -> bool:
    return not request.path.startswith(_NOT_PAGES)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not _is_page(request):
        return defaults.bad_request(request, exception)
    return error_page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not _is_page(request):
        return defaults.permission_denied(request, exception)
    return error_page(request, 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not _is_page(request):
        return defaults.page_not_found(request, exception)
    return error_page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    if not _is_page(request):
        return defaults.server_error(request)
    return error_page(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent with an expired or missing token (an old tab, cookies off)."""
    return error_page(request, 403, detail=str(_("The form had expired. Reload the page and send it again.")))


def _is_bare(response: HttpResponse) -> bool:
    """A refusal that is only a message (plain text, or a sentence sent as HTML), not a page: a page
    answered with an error status (a form shown again with its mistakes) stays as it is."""
    if getattr(response, "streaming", False) or getattr(response, "vermilion_error_page", False):
        return False
    kind = response.get("Content-Type", "")
    if kind.startswith("text/plain"):
        return True
    head = response.content[:200].lstrip().lower()
    return kind.startswith("text/html") and not head.startswith((b"<!doctype", b"<html"))


class StyledErrorsMiddleware:
    """The site's error page for the bare refusals answered below this middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code not in STYLED or not _is_page(request) or not _is_bare(response):
            return response
        detail = strip_tags(response.content.decode("utf-8", "replace"))[:300]
        with translation.override(language_for(request) if response.status_code < 500 else
                                  translation.get_language_from_request(request, check_path=False)):
            styled = error_page(request, response.status_code, detail=detail)
        for header in ("Retry-After",):
            if header in response:
                styled[header] = response[header]
        return styled
