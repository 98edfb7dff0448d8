"""Screening starts here: after a note is published or edited, a comment or message is stored, or
a profile text changes, a task screens it (on commit, ids only)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save
from django.dispatch import receiver

from vermilion.kit.tasks import enqueue_on_commit
from vermilion.notes.signals import note_edited, note_published

from .models import Target


def _screen(target_type: str, target_id: int) -> None:
    from .tasks import screen

    enqueue_on_commit(screen, target_type, target_id)


@receiver(note_published)
@receiver(note_edited)
def _note(sender: Any, note_id: int, **kwargs: Any) -> None:
    from .tasks import screen

    screen.enqueue(Target.NOTE.value, note_id)  # sent after commit: the row is there


@receiver(post_save, sender="notes.Comment")
def _comment(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if created:
        _screen(Target.COMMENT.value, instance.pk)


@receiver(post_save, sender="messaging.Message")
def _message(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if created and (instance.body or instance.media_id):
        _screen(Target.MESSAGE.value, instance.pk)


@receiver(post_save, sender=get_user_model())
def _profile(sender: Any, instance: Any, created: bool, update_fields: Any = None, **kwargs: Any) -> None:
    # Logins and counters save other fields; only a changed name, bio or avatar is worth a screening
    # (the task's digest makes an unchanged profile a no-op anyway).
    if update_fields is not None and not {"bio", "display_name", "avatar"} & set(update_fields):
        return
    if instance.bio or instance.display_name or instance.avatar_id:
        _screen(Target.PROFILE.value, instance.pk)
