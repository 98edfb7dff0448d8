from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def shell(request: HttpRequest) -> dict[str, Any]:
    """What every page's frame needs: the language switcher's choices."""
    return {"ui_languages": settings.LANGUAGES}
