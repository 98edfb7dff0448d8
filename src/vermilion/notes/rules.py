"""The limits a note must keep. Operators can change each in settings; defaults follow RedNote."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def title_max_width() -> int:
    """Title limit in half-width units: 20 CJK characters, or 40 Latin letters (CJK counts 2)."""
    return int(_setting("VERMILION_TITLE_MAX_WIDTH", 40))


def body_max_chars() -> int:
    return int(_setting("VERMILION_BODY_MAX_CHARS", 1000))


def max_images() -> int:
    return int(_setting("VERMILION_MAX_IMAGES", 18))


def max_topics() -> int:
    return int(_setting("VERMILION_MAX_TOPICS", 10))


def max_mentions() -> int:
    return int(_setting("VERMILION_MAX_MENTIONS", 20))


COMMENT_MAX_CHARS = 500
LOCATION_MAX_CHARS = 60
