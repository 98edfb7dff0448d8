"""The feed listens to notes: a published or edited note gets (re-)embedded by a task."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from vermilion.notes.signals import note_edited, note_published


@receiver(note_published)
@receiver(note_edited)
def _embed(sender: Any, note_id: int, **kwargs: Any) -> None:
    from .tasks import embed_note

    embed_note.enqueue(note_id)  # the signal is sent after commit: the row is there
