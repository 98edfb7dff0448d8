"""Who is calling: a bearer token, or the web session with its CSRF token."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.utils import check_csrf

from vermilion.kit.errors import ApiError

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _caller(request: HttpRequest, *, required: bool) -> Any:
    if getattr(request, "bearer_invalid", False):
        raise ApiError("invalid_token", _("Your sign-in token is invalid or has been revoked."), status=401)
    if getattr(request, "auth_token", None) is not None:
        return request.user
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # Session cookies ride along on cross-site requests, so writes need the CSRF token.
        if request.method in UNSAFE_METHODS and check_csrf(request) is not None:
            raise ApiError("csrf_failed", _("Your session's security token is missing or wrong. Reload the page."), status=403)
        return user
    if required:
        raise ApiError("not_authenticated", _("Please sign in first."), status=401)
    return None


def signed_in(request: HttpRequest) -> Any:
    """Ninja auth callable: the user, or a 401 in the caller's language."""
    return _caller(request, required=True)


def viewer(request: HttpRequest) -> Any:
    """The signed-in user or None, for endpoints anyone may read."""
    return _caller(request, required=False)


def me(request: HttpRequest) -> Any:
    """The user an endpoint with `auth=signed_in` was called by."""
    return getattr(request, "auth")  # noqa: B009 - set by Ninja at run time, unknown to the type checker
