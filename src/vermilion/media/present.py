"""How media appear to clients: public URLs of the derived variants, never the original."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.files.storage import default_storage

from .models import Media


@dataclass(frozen=True, slots=True)
class MediaRow:
    """A media item's columns as a plain row: building a model instance costs more than the payload."""

    pk: Any
    variants: Any
    kind: str = ""
    status: str = ""
    width: int | None = None
    height: int | None = None
    duration: float | None = None
    alt_text: str = ""
    failure_reason: str = ""


MediaLike = Media | MediaRow  # a model instance, or its columns read as a row


def media_urls(media: MediaLike) -> dict[str, str]:
    return {
        size: default_storage.url(variant["name"])
        for size, variant in (media.variants or {}).items()
        if isinstance(variant, dict) and variant.get("name")
    }


def media_payload(media: MediaLike) -> dict[str, Any]:
    return {
        "id": str(media.pk),
        "kind": media.kind,
        "status": media.status,
        "width": media.width,
        "height": media.height,
        "duration": media.duration,
        "alt_text": media.alt_text,
        "failure_reason": media.failure_reason or None,
        "urls": media_urls(media) if media.status == Media.Status.READY else {},
    }
