from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .jsi18n import js_strings


def shell(request: HttpRequest) -> dict[str, Any]:
    """What every page's frame needs: the language switcher's choices and the scripts' strings."""
    from vermilion.moderation.queries import is_moderator

    return {"ui_languages": settings.LANGUAGES, "js_strings": js_strings(),
            "is_moderator": is_moderator(getattr(request, "user", None))}
