"""The limits uploads must keep (VERMILION_MEDIA in settings; docs/operations.md)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from vermilion.kit.errors import ApiError, field_error


def limits() -> dict[str, int]:
    return dict(settings.VERMILION_MEDIA)


def max_bytes(kind: str) -> int:
    """The largest file of a kind ("image" or "video") an upload may carry."""
    return int(limits()["max_image_bytes" if kind == "image" else "max_video_bytes"])


def file_too_large(kind: str) -> ApiError:
    """The one refusal of an oversized file, whether the upload view or the body limit (serving/
    bodylimit.py, from the announced length, before the body is read) says it."""
    return field_error("file", "file_too_large",
                       _("This file is too large (at most %(mb)s MB).") % {"mb": max_bytes(kind) // (1024 * 1024)},
                       status=413)
