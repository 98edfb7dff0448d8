"""The notes app listens to media: a note that waited for its video publishes (or fails) with it."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from vermilion.media.signals import media_failed, media_ready


@receiver(media_ready)
@receiver(media_failed)
def _media_finished(sender: Any, media: Any, **kwargs: Any) -> None:
    from django.db import transaction

    from .actions import on_media_finished

    # The media task sends this after its own commit, so this is a transaction of its own.
    with transaction.atomic():
        on_media_finished(media)
