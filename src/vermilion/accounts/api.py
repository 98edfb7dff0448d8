from __future__ import annotations

from typing import Any

from django.contrib.auth import logout as session_logout
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Status

from vermilion.kit.errors import ApiError
from vermilion.kit.geo import request_address, request_region
from vermilion.kit.http.auth import signed_in
from vermilion.kit.ratelimit import check_rate

from . import actions
from .callers import me
from .present import me_payload, notice_payload
from .schemas import AuthOut, LoginIn, MeOut, OkOut, PasswordIn, ProfilePatch, SignupIn
from .tokens import issue_token, revoke_token

auth_router = Router(tags=["auth"])
users_router = Router(tags=["users"])


def _client_key(request: HttpRequest) -> str:
    return str(request_address(request) or "unknown")


@auth_router.post("/signup", response={201: AuthOut}, auth=None)
def signup(request: HttpRequest, payload: SignupIn) -> Status:
    check_rate("signup", _client_key(request))
    user = actions.do_signup(
        username=payload.username,
        password=payload.password,
        email=payload.email,
        language=payload.language,
        interests=payload.interests,
        region=request_region(request),
        address=request_address(request),
    )
    return Status(201, {"user": me_payload(user), "token": issue_token(user, name="signup")})


@auth_router.post("/login", response=AuthOut, auth=None)
def login(request: HttpRequest, payload: LoginIn) -> dict[str, Any]:
    check_rate("login", _client_key(request))
    user = actions.do_login(payload.username, payload.password, region=request_region(request))
    return {"user": me_payload(user), "token": issue_token(user, name="login"), "notice": notice_payload(user)}


@auth_router.post("/logout", response=OkOut, auth=signed_in)
def logout(request: HttpRequest) -> dict[str, Any]:
    """End this sign-in: the token it came with, or the web session (and their open sockets)."""
    token = getattr(request, "auth_token", None)
    if token is not None:
        revoke_token(token)
    else:
        if request.session.session_key:
            actions.do_sign_out_session(me(request), request.session.session_key)
        session_logout(request)
    return {"ok": True}


@auth_router.post("/logout-everywhere", response=OkOut, auth=signed_in)
def logout_everywhere(request: HttpRequest) -> dict[str, Any]:
    """End every sign-in of the account: every token (this one too), web session and open socket."""
    actions.do_sign_out_everywhere(me(request))
    if getattr(request, "auth_token", None) is None:
        session_logout(request)
    return {"ok": True}


@users_router.post("/me/password", response=OkOut, auth=signed_in)
def change_password(request: HttpRequest, payload: PasswordIn) -> dict[str, Any]:
    """A new password; every other token and web session of the account ends (this one stays)."""
    user = me(request)
    actions.do_change_password(user, payload.old_password, payload.new_password,
                               keeping=getattr(request, "auth_token", None))
    if getattr(request, "auth_token", None) is None:
        update_session_auth_hash(request, user)  # this web session goes on
    return {"ok": True}


@users_router.get("/me", response=MeOut, auth=signed_in)
def get_me(request: HttpRequest) -> dict[str, Any]:
    return me_payload(me(request))


@users_router.patch("/me", response=MeOut, auth=signed_in)
def patch_me(request: HttpRequest, payload: ProfilePatch) -> dict[str, Any]:
    changes = payload.model_dump(exclude_unset=True)
    if not changes:
        raise ApiError("empty_update", _("Send at least one field to change."))
    user = actions.do_update_profile(me(request), changes)
    return me_payload(user)
