"""Bearer-token authentication for API clients, before the language is chosen."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .tokens import user_for_token

Handler = Callable[[HttpRequest], HttpResponse]


class BearerTokenMiddleware:
    """`Authorization: Bearer <token>` makes the token's user the request's user.

    It runs as middleware rather than per view so the user's saved language applies to every API
    answer, errors included. Token requests carry no cookie, so they need no CSRF check.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        request.auth_token = None  # type: ignore[attr-defined]
        request.bearer_invalid = False  # type: ignore[attr-defined]
        if header[:7].lower() == "bearer ":
            token = user_for_token(header[7:].strip())
            if token is None:
                request.bearer_invalid = True  # type: ignore[attr-defined]
            else:
                request.user = token.user
                request.auth_token = token  # type: ignore[attr-defined]
        return self.get_response(request)
