from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Status

from vermilion.kit.errors import ApiError
from vermilion.kit.geo import request_address, request_region
from vermilion.kit.http.auth import signed_in
from vermilion.kit.ratelimit import check_rate

from . import actions
from .callers import me
from .present import me_payload
from .schemas import AuthOut, LoginIn, MeOut, OkOut, ProfilePatch, SignupIn
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
    return {"user": me_payload(user), "token": issue_token(user, name="login")}


@auth_router.post("/logout", response=OkOut, auth=signed_in)
def logout(request: HttpRequest) -> dict[str, Any]:
    token = getattr(request, "auth_token", None)
    if token is not None:
        revoke_token(token)
    else:
        from django.contrib.auth import logout as session_logout

        session_logout(request)
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
