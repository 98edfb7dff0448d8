"""A view that logs and one that fails, for tests/serving/test_logs.py."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def _chatty(request: HttpRequest, item: int) -> HttpResponse:
    logging.getLogger("vermilion.test").info("working on %s", item)
    return HttpResponse("ok")


def _broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


urlpatterns = [
    path("chatty/<int:item>", _chatty),
    path("broken", _broken),
    path("", include("vermilion.urls")),
]
