"""Every error leaves the API as {"error": {"code", "message", "fields"?}} in the caller's language."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from vermilion.kit.errors import ApiError

log = logging.getLogger(__name__)

# Pydantic error types, said in words a person understands (and we can translate).
_PYDANTIC_MESSAGES = {
    "missing": lambda: _("This field is required."),
    "string_too_long": lambda: _("This value is too long."),
    "string_too_short": lambda: _("This value is too short."),
    "list_too_long": lambda: _("Too many items."),
    "json_invalid": lambda: _("The request body is not valid JSON."),
    "extra_forbidden": lambda: _("Unknown field."),
}


def _field_errors(errors: list[dict[str, Any]]) -> tuple[dict[str, list[str]], bool]:
    fields: dict[str, list[str]] = {}
    malformed = False
    for error in errors:
        kind = str(error.get("type", ""))
        malformed = malformed or kind == "json_invalid"
        loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "form", "payload")]
        name = ".".join(loc) or "body"
        message = _PYDANTIC_MESSAGES.get(kind, lambda: _("This value is invalid."))()
        fields.setdefault(name, []).append(message)
    return fields, malformed


def install(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, error: ApiError) -> HttpResponse:
        response = api.create_response(request, error.payload(), status=error.status)
        for name, value in error.headers.items():
            response[name] = value
        return response

    @api.exception_handler(ApiError)
    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return respond(request, exc)

    @api.exception_handler(ValidationError)
    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        fields, malformed = _field_errors(list(exc.errors))
        if malformed:
            return respond(request, ApiError("malformed_json", _("The request body is not valid JSON.")))
        return respond(
            request, ApiError("invalid_input", _("Some fields are missing or invalid."), status=400, fields=fields)
        )

    @api.exception_handler(AuthenticationError)
    def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(request, ApiError("not_authenticated", _("Please sign in first."), status=401))

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, ApiError("not_found", _("Not found."), status=404))

    @api.exception_handler(PermissionDenied)
    def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, ApiError("forbidden", _("You are not allowed to do this."), status=403))

    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return respond(request, ApiError("payload_too_large", _("The request is too large."), status=413))

    @api.exception_handler(SuspiciousOperation)
    def on_suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        return respond(request, ApiError("bad_request", _("The request could not be understood."), status=400))

    @api.exception_handler(OperationalError)
    @api.exception_handler(InterfaceError)
    def on_database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
        # The database went away mid-request (a restart, a failover, a lost connection): the
        # client is told to retry in a moment, as for any brief outage, instead of a 500.
        log.warning("database unavailable during %s %s: %s", request.method, request.path, exc)
        return respond(request, ApiError("unavailable", _("The service is briefly unavailable. Please try again in a moment."),
                                         status=503, headers={"Retry-After": "2"}))

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # Our code raises ApiError; Ninja raises HttpError(400) only for a body it cannot parse, and
        # when our parser (kit/http/inputs.py) refused it, its error is the one to give.
        if isinstance(exc.__cause__, ApiError):
            return respond(request, exc.__cause__)
        if exc.status_code == 400:
            return respond(request, ApiError("malformed_json", _("The request body is not valid JSON.")))
        codes = {400: "bad_request", 401: "not_authenticated", 403: "forbidden", 404: "not_found",
                 405: "method_not_allowed", 413: "payload_too_large", 429: "rate_limited"}
        code = codes.get(exc.status_code, "error")
        return respond(request, ApiError(code, _("The request could not be completed."), status=exc.status_code))
