"""The feed listens to notes: published or edited notes get (re-)embedded, published ones fanned out."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from vermilion.notes.signals import note_edited, note_published


@receiver(note_published)
@receiver(note_edited)
def _embed(sender: Any, note_id: int, **kwargs: Any) -> None:
    from .tasks import embed_note

    embed_note.enqueue(note_id)  # the signal is sent after commit: the row is there


@receiver(note_published)
def _fan_out(sender: Any, note_id: int, **kwargs: Any) -> None:
    from .timeline import client

    if client() is not None:
        from .tasks import fan_out_note

        fan_out_note.enqueue(note_id)
