"""What an upload form needs to refuse a file before sending it: the same limits and the same
words as the server's refusal (media/rules.py)."""

from __future__ import annotations

from typing import Any

from django import template

from vermilion.media.rules import file_too_large, max_bytes

register = template.Library()


@register.simple_tag
def upload_rules() -> dict[str, Any]:
    kinds = ("image", "video")
    return {"max_bytes": {kind: max_bytes(kind) for kind in kinds},
            "too_large": {kind: str(file_too_large(kind).message) for kind in kinds}}
