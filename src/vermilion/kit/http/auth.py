"""Who is calling: a bearer token, or the web session with its CSRF token.

`signed_in` is what endpoints pass to Ninja as `auth=`; `caller` is the same question for
endpoints anyone may read. Both answer with the account (an instance of the project's user model)
or None; accounts/callers.py gives the apps the same answers typed as that model.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.utils import check_csrf

from vermilion.kit.errors import ApiError

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def caller(request: HttpRequest, *, required: bool = False) -> AbstractBaseUser | None:
    """The signed-in account or None (a 401 in the caller's language when `required`)."""
    if getattr(request, "bearer_invalid", False):
        raise ApiError("invalid_token", _("Your sign-in token is invalid or has been revoked."), status=401)
    user = getattr(request, "user", None)
    if getattr(request, "auth_token", None) is not None:
        return user
    if user is not None and user.is_authenticated:
        # Session cookies ride along on cross-site requests, so writes need the CSRF token.
        if request.method in UNSAFE_METHODS and check_csrf(request) is not None:
            raise ApiError("csrf_failed", _("Your session's security token is missing or wrong. Reload the page."), status=403)
        return user  # type: ignore[no-any-return]
    if required:
        raise ApiError("not_authenticated", _("Please sign in first."), status=401)
    return None


def signed_in(request: HttpRequest) -> AbstractBaseUser | None:
    """Ninja auth callable: the account, or a 401 in the caller's language."""
    return caller(request, required=True)


def authenticated(request: HttpRequest) -> AbstractBaseUser:
    """The account an endpoint with `auth=signed_in` was called by (Ninja set it after `signed_in`)."""
    user: AbstractBaseUser = getattr(request, "auth")  # noqa: B009 - set by Ninja at run time
    return user
