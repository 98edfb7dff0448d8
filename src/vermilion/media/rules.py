"""The limits uploads must keep (VERMILION_MEDIA in settings; docs/operations.md)."""

from __future__ import annotations

from django.conf import settings


def limits() -> dict[str, int]:
    return dict(settings.VERMILION_MEDIA)
