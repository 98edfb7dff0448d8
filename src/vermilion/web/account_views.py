"""Sign-up, sign-in, sign-out and settings pages. The rules live in accounts.actions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vermilion.accounts import actions
from vermilion.accounts.callers import account_of
from vermilion.accounts.catalog import INTERESTS, PROFILE_LANGUAGES, UI_LANGUAGES
from vermilion.accounts.present import me_payload, notice_payload
from vermilion.feed.actions import do_update_preferences
from vermilion.feed.discover import preferences_of
from vermilion.kit.errors import ApiError
from vermilion.kit.geo import request_address, request_region
from vermilion.kit.ratelimit import check_rate
from vermilion.kit.regions import region_choices
from vermilion.translation.actions import do_set_auto_translate
from vermilion.translation.queries import auto_translate

from .forms import error_map
from .redirects import safe_next

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _next_url(request: HttpRequest, default: str = "/") -> str:
    return safe_next(request, request.POST.get("next") or request.GET.get("next")) or default


def _choices() -> dict[str, Any]:
    return {"interest_choices": INTERESTS, "language_choices": PROFILE_LANGUAGES, "ui_language_choices": UI_LANGUAGES}


def signup(request: HttpRequest) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            with transaction.atomic():
                check_rate("signup", str(request_address(request) or "unknown"))
                user = actions.do_signup(
                    username=request.POST.get("username", ""),
                    password=request.POST.get("password", ""),
                    email=request.POST.get("email", ""),
                    language=request.POST.get("language") or getattr(request, "LANGUAGE_CODE", ""),
                    interests=request.POST.getlist("interests"),
                    region=request_region(request),
                    address=request_address(request),
                )
        except ApiError as error:
            errors = error_map(error)
        else:
            login(request, user, backend=BACKEND)
            return redirect(_next_url(request))
    status = 400 if errors else 200
    return render(request, "web/signup.html", {"errors": errors, "form": request.POST, **_choices()}, status=status)


def login_view(request: HttpRequest) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            check_rate("login", str(request_address(request) or "unknown"))
            user = actions.do_login(
                request.POST.get("username", ""), request.POST.get("password", ""), region=request_region(request)
            )
        except ApiError as error:
            errors = error_map(error)
        else:
            login(request, user, backend=BACKEND)
            notice = notice_payload(user)
            if notice is not None:
                messages.warning(request, ngettext(
                    "Someone tried %(count)d wrong password to sign in to your account since your last visit. "
                    "If it was not you, change your password in Settings.",
                    "Someone tried %(count)d wrong passwords to sign in to your account since your last visit. "
                    "If it was not you, change your password in Settings.",
                    notice["failed_sign_ins"]) % {"count": notice["failed_sign_ins"]})
            return redirect(_next_url(request))
    status = 400 if errors else 200
    context = {"errors": errors, "form": request.POST, "next": _next_url(request, "")}
    return render(request, "web/login.html", context, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.session.session_key:
        actions.do_sign_out_session(account_of(request), request.session.session_key)
    logout(request)
    return redirect("web:home")


@login_required
def settings_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        section = request.POST.get("section", "profile")
        try:
            with transaction.atomic():
                if section == "feed":

                    def words(name: str) -> list[str]:
                        raw = request.POST.get(name, "").replace("，", ",")
                        return [w for w in (part.strip() for part in raw.split(",")) if w]

                    try:
                        discovery = int(request.POST.get("discovery", "50"))
                    except ValueError:
                        discovery = -1
                    do_update_preferences(user, {"muted_words": words("muted_words"),
                                                 "muted_topics": words("muted_topics"), "discovery": discovery,
                                                 "nearby_region": request.POST.get("nearby_region", "")})
                elif section == "translation":

                    do_set_auto_translate(user, request.POST.get("auto_translate") == "1")
                elif section == "password":
                    actions.do_change_password(
                        user, request.POST.get("old_password", ""), request.POST.get("new_password", "")
                    )
                    login(request, user, backend=BACKEND)  # keep this session valid after the change
                elif section == "sign_out_everywhere":
                    actions.do_sign_out_everywhere(user)
                else:
                    changes: dict[str, Any] = {
                        "display_name": request.POST.get("display_name", ""),
                        "bio": request.POST.get("bio", ""),
                        "languages": request.POST.getlist("languages"),
                        "learning_languages": request.POST.getlist("learning_languages"),
                        "interests": request.POST.getlist("interests"),
                        "ui_language": request.POST.get("ui_language", ""),
                        "likes_public": request.POST.get("likes_public") == "1",
                        "collects_public": request.POST.get("collects_public") == "1",
                    }
                    if request.POST.get("avatar_media_id"):
                        changes["avatar_media_id"] = request.POST["avatar_media_id"]
                    actions.do_update_profile(user, changes)
        except ApiError as error:
            errors = error_map(error)
        else:
            if section == "sign_out_everywhere":
                logout(request)
                messages.success(request, _("You were signed out on every device."))
                return redirect("web:login")
            messages.success(request, _("Saved."))
            response = redirect("web:settings")
            if section != "password" and user.ui_language:
                response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.ui_language, samesite="Lax")
            return response
    status = 400 if errors else 200
    context = {"errors": errors, "me": me_payload(user), "feed": preferences_of(user),
               "auto_translate": auto_translate(user),
               "regions": region_choices(get_language() or "en"), **_choices()}
    return render(request, "web/settings.html", context, status=status)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switcher. A signed-in person's choice is saved to their profile, because the
    saved language is what every later request (web or API) is answered in."""
    from django.views.i18n import set_language as django_set_language

    code = request.POST.get("language", "")
    user: Any = request.user
    if user.is_authenticated and code in dict(settings.LANGUAGES):
        with transaction.atomic():
            actions.do_update_profile(user, {"ui_language": code})
    return django_set_language(request)
