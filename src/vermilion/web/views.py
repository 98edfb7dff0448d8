from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from vermilion.accounts.queries import profile_payload, user_by_username


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {})


def profile(request: HttpRequest, username: str) -> HttpResponse:
    user = user_by_username(username)
    if user is None:
        raise Http404
    return render(request, "web/profile.html", {"profile": profile_payload(user), "profile_user": user})
