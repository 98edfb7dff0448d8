"""The notes app listens to media: a note that waited for its video publishes (or fails) with it,
and a note forgets its cached photos when one of them changes."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from vermilion.media.models import Media
from vermilion.media.signals import media_failed, media_ready


@receiver(media_ready)
@receiver(media_failed)
def _media_finished(sender: Any, media: Any, **kwargs: Any) -> None:
    from django.db import transaction

    from .actions import on_media_finished

    # The media task sends this after its own commit, so this is a transaction of its own.
    with transaction.atomic():
        on_media_finished(media)


@receiver(post_save, sender=Media)
def _media_saved(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    """A photo's description (or anything else about it) changed: the notes showing it forget the
    cached photos of their detail page (present.detail_parts)."""
    from .models import NoteMedia
    from .present import forget_detail_parts

    note_ids = list(NoteMedia.objects.filter(media_id=instance.pk).values_list("note_id", flat=True))
    if note_ids:
        forget_detail_parts(note_ids)
