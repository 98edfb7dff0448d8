"""What the notes app does when others change things (subscribers, vermilion/wiring/connections.py)."""

from __future__ import annotations

from vermilion.media.events import MediaChanged, MediaProcessed

from . import actions
from .models import NoteMedia
from .present import forget_detail_parts


def publish_waiting_notes(event: MediaProcessed) -> None:
    """A video finished processing: the notes waiting for it publish, or fail (durable)."""
    actions.publish_waiting_notes(event.media_id)


def forget_photo_captions(event: MediaChanged) -> None:
    """A photo's description changed: the notes showing it forget their cached photos (local)."""
    note_ids = list(NoteMedia.objects.filter(media_id=event.media_id).values_list("note_id", flat=True))
    if note_ids:
        forget_detail_parts(note_ids)
