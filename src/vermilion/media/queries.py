"""Reads of media: ownership checks used by notes and profiles."""

from __future__ import annotations

from typing import Any

from vermilion.kit.ids import parse_id

from .models import Media


def owned_ready_image(user: Any, media_id: str) -> Media | None:
    pk = parse_id(media_id)
    if pk is None:
        return None
    return Media.objects.filter(
        pk=pk, owner=user, kind=Media.Kind.IMAGE, status=Media.Status.READY
    ).first()
