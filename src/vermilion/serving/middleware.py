"""Request-wide concerns: client address, the user's language, security headers."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from vermilion.kit.errors import ApiError
from vermilion.kit.geo import request_address
from vermilion.kit.http.inputs import check_texts

Handler = Callable[[HttpRequest], HttpResponse]

SUPPORTED_LANGUAGES = {code for code, _name in settings.LANGUAGES}


class ClientAddressMiddleware:
    """Resolve the client address once, refusing a malformed header from a trusted proxy."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            request_address(request)
        except ApiError as error:
            if request.path.startswith("/api/"):
                return JsonResponse(error.payload(), status=error.status)
            return HttpResponseBadRequest(str(error.message))
        return self.get_response(request)


def language_for(request: HttpRequest) -> str:
    """The user's saved choice, else the language cookie, else Accept-Language, else English."""
    user = getattr(request, "user", None)
    preferred = getattr(user, "ui_language", "") if user is not None and user.is_authenticated else ""
    if preferred in SUPPORTED_LANGUAGES:
        return str(preferred)
    return translation.get_language_from_request(request, check_path=False)


class UserLocaleMiddleware:
    """Django's LocaleMiddleware, but a signed-in user's saved language wins (API tokens too)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", translation.get_language())
        translation.deactivate()
        return response


class SecurityHeadersMiddleware:
    """A content-security policy and the browser hardening headers Django does not set itself."""

    # The interactive API docs page runs Swagger UI with an inline bootstrap script.
    RELAXED_PATHS = ("/api/docs",)

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = settings.VERMILION_CONTENT_SECURITY_POLICY
        if request.path.startswith(self.RELAXED_PATHS):
            policy = policy.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
                "style-src 'self'", "style-src 'self' 'unsafe-inline'"
            )
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class AtomicWritesMiddleware:
    """One transaction per writing request: an error answer rolls back everything it wrote.

    Reads stay outside a transaction so SQLite readers never queue behind the write lock.
    Tasks a write queues (kit/tasks.py, kit/events.py) are rows in this same transaction.

    SQLite has one writer at a time. Its own wait (busy_timeout) polls with growing sleeps and
    serves no one in order, so under a burst some requests waited past it and failed with a 500
    (seen in the messaging benchmark). The web process therefore queues its writing requests on a
    lock of its own, which hands over at once, and answers 503 with Retry-After, never a 500, when
    the queue is longer than anyone should wait. PostgreSQL takes row locks and needs none of this.
    """

    SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in self.SAFE_METHODS:
            return self.get_response(request)
        queued = connection.vendor == "sqlite"
        if queued and not _sqlite_writers.acquire(timeout=settings.VERMILION_WRITE_QUEUE_SECONDS):
            return _busy(request)
        try:
            with transaction.atomic():
                response = self.get_response(request)
                # An error undoes the request's writes, unless the handler must keep a record of
                # the refusal itself (the moderation audit log logs a lost race, then answers 409).
                if response.status_code >= 400 and not getattr(request, "keep_writes_on_error", False):
                    transaction.set_rollback(True)
            return response
        except OperationalError as error:
            if "locked" not in str(error):  # the other process (the task worker) held the lock too long
                raise
            return _busy(request)
        finally:
            if queued:
                _sqlite_writers.release()


_sqlite_writers = threading.Lock()


def _busy(request: HttpRequest) -> HttpResponse:
    error = ApiError("busy", _("The server is busy. Please try again in a moment."), status=503)
    response = JsonResponse(error.payload(), status=503) if request.path.startswith("/api/") else HttpResponse(
        str(error.message), status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = "2"
    return response


class InputRulesMiddleware:
    """The rules of kit/http/inputs.py for what Django parses before any view: the path, the query
    string and HTML form fields (JSON bodies are checked by the API's parser). A control character
    anywhere is a 400 naming the field, in the reader's language, before anything reads it."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            check_texts([("path", request.path)])
            check_texts((key, value) for key in request.GET for value in request.GET.getlist(key))
            if request.method in ("POST", "PUT", "PATCH") and request.content_type in FORM_TYPES:
                check_texts((key, value) for key in request.POST for value in request.POST.getlist(key))
        except ApiError as error:
            if request.path.startswith("/api/"):
                return JsonResponse(error.payload(), status=error.status)
            return HttpResponseBadRequest(str(error.message), content_type="text/plain; charset=utf-8")
        return self.get_response(request)


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
