from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .jsi18n import js_strings


def shell(request: HttpRequest) -> dict[str, Any]:
    """What every page's frame needs: the language switcher's choices, the scripts' strings and
    whether the reader wants everything translated."""
    from vermilion.translation.actions import auto_translate

    return {"ui_languages": settings.LANGUAGES, "js_strings": js_strings(),
            "auto_translate": auto_translate(getattr(request, "user", None))}
