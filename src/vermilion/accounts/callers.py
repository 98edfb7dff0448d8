"""The account calling an endpoint, typed as Vermilion's user, and the region it reads from.

kit/http/auth.py decides who is calling (bearer token, or session with CSRF); these give the apps
its answer as a `User`.
"""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest

from vermilion.kit.geo import request_region
from vermilion.kit.http.auth import authenticated, caller

from .models import User


def me(request: HttpRequest) -> User:
    """The account an endpoint with `auth=signed_in` was called by."""
    return cast(User, authenticated(request))


def reader(request: HttpRequest) -> User | None:
    """The signed-in account, or None, for endpoints anyone may read."""
    return cast(User | None, caller(request))


def reading_region(request: HttpRequest, user: User | None) -> str:
    """Where a reader is, for regional rules (notes.visibility): this request's region, else where
    their account was made."""
    return request_region(request) or (user.ip_region if user is not None else "") or ""


def account_of(request: HttpRequest) -> User:
    """The signed-in account of a web page behind `login_required`."""
    return cast(User, request.user)
