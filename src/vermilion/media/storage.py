"""Where media bytes live: derived variants in the public storage, originals in the private one."""

from __future__ import annotations

import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage, storages

from .models import Media


def private_storage() -> Storage:
    return storages["private"]


def variant_prefix(media_id: int) -> str:
    # The random part keeps URLs of private notes' pictures from being guessed from the id.
    return f"m/{media_id}-{secrets.token_urlsafe(9)}"


def save_public(name: str, data: bytes) -> str:
    return default_storage.save(name, ContentFile(data))


def delete_files(media: Media) -> None:
    """Remove every stored file of a media row; missing files are fine (idempotent)."""
    for variant in (media.variants or {}).values():
        if isinstance(variant, dict) and variant.get("name"):
            default_storage.delete(variant["name"])
    if media.original_name:
        private_storage().delete(media.original_name)
