from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from vermilion.moderation.queries import is_moderator
from vermilion.translation.queries import auto_translate

from .jsi18n import js_strings


def shell(request: HttpRequest) -> dict[str, Any]:
    """What every page's frame needs: the language switcher's choices, the scripts' strings, whether
    the reader moderates, and whether they want everything translated."""

    user = getattr(request, "user", None)
    return {"ui_languages": settings.LANGUAGES, "js_strings": js_strings(), "is_moderator": is_moderator(user),
            "auto_translate": auto_translate(user)}
