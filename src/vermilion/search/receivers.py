"""Search listens to notes and people: a published or edited note is (re)indexed by a task, and a
person's names follow their profile."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save
from django.dispatch import receiver

from vermilion.notes.signals import note_edited, note_published


@receiver(note_published)
@receiver(note_edited)
def _index_note(sender: Any, note_id: int, **kwargs: Any) -> None:
    from .tasks import index_note

    # The signal is sent after commit: the row is there. The note's meaning needs no task here:
    # notes newer than the saved vector index are compared exactly until the periodic
    # update_vector_index takes them in.
    index_note.enqueue(note_id)


@receiver(post_save, sender=get_user_model())
def _index_person(sender: Any, instance: Any, created: bool, update_fields: Any = None, **kwargs: Any) -> None:
    if update_fields is not None and not {"username", "display_name", "is_active"} & set(update_fields):
        return  # counters and sign-in times change often and do not change how a person is found
    from vermilion.kit.tasks import enqueue_on_commit

    from .tasks import index_person

    enqueue_on_commit(index_person, instance.pk)
