"""How media appear to clients: public URLs of the derived variants, never the original."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from django.core.files.storage import default_storage

from .models import Media


class MediaLike(Protocol):
    """What a payload reads of a media item: a Media, or a row read without the ORM (`MediaRow`)."""

    @property
    def pk(self) -> Any: ...
    @property
    def kind(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def width(self) -> int | None: ...
    @property
    def height(self) -> int | None: ...
    @property
    def duration(self) -> float | None: ...
    @property
    def alt_text(self) -> str: ...
    @property
    def failure_reason(self) -> str: ...
    @property
    def variants(self) -> Any: ...


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
