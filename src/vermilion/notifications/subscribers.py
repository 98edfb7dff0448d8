"""Notification tasks: ids in, re-fetched, idempotent (the dedupe key makes a retry harmless)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.functions import Lower
from django_tasks import task

from .actions import do_notify
from .models import Notification


@task()
def notify_follow(actor_id: int, target_id: int) -> None:
    from vermilion.graph.queries import follows

    with transaction.atomic():
        if follows(actor_id, target_id):
            do_notify(target_id, actor_id, Notification.Kind.FOLLOW)


@task()
def notify_reaction(kind: str, actor_id: int, note_id: int, comment_id: int | None) -> None:
    from vermilion.notes.models import Collect, Comment, CommentLike, Like, Note

    with transaction.atomic():
        if kind == "like_comment" and comment_id is not None:
            comment = Comment.objects.filter(pk=comment_id, deleted_at__isnull=True).first()
            if comment and CommentLike.objects.filter(user_id=actor_id, comment=comment).exists():
                do_notify(comment.author_id, actor_id, kind, note_id, comment_id)
            return
        note = Note.objects.alive().filter(pk=note_id).first()
        if note is None:
            return
        still = (Like if kind == "like_note" else Collect).objects.filter(user_id=actor_id, note=note).exists()
        if still:
            do_notify(note.author_id, actor_id, kind, note_id)


@task()
def notify_comment(comment_id: int, mentioned: list[str]) -> None:
    from vermilion.notes.models import Comment

    with transaction.atomic():
        comment = Comment.objects.select_related("note", "parent").filter(pk=comment_id, deleted_at__isnull=True).first()
        if comment is None:
            return
        told: set[int] = {comment.author_id}
        if comment.parent is None:
            do_notify(comment.note.author_id, comment.author_id, Notification.Kind.COMMENT, comment.note_id, comment.pk)
            told.add(comment.note.author_id)
        else:
            for recipient in {comment.parent.author_id, comment.reply_to_id or comment.parent.author_id}:
                do_notify(recipient, comment.author_id, Notification.Kind.REPLY, comment.note_id, comment.pk)
                told.add(recipient)
        _mention(comment.author_id, mentioned, comment.note_id, comment.pk, skip=told)


@task()
def notify_note_published(note_id: int) -> None:
    from vermilion.notes.models import Note

    with transaction.atomic():
        note = Note.objects.alive().filter(pk=note_id, status=Note.Status.PUBLISHED).first()
        if note is None:
            return
        for user_id in note.mentions.values_list("user_id", flat=True):
            do_notify(user_id, note.author_id, Notification.Kind.MENTION, note.pk)


@task()
def notify_mentions(note_id: int, comment_id: int | None, user_ids: list[int]) -> None:
    from vermilion.notes.models import Note

    with transaction.atomic():
        note = Note.objects.alive().filter(pk=note_id, status=Note.Status.PUBLISHED).first()
        if note is None:
            return
        for user_id in user_ids:
            do_notify(user_id, note.author_id, Notification.Kind.MENTION, note.pk, comment_id)


def _mention(actor_id: int, usernames: list[str], note_id: int, comment_id: int, skip: set[int]) -> None:
    if not usernames:
        return
    lowered = {u.lower() for u in usernames}
    users = get_user_model().objects.annotate(lname=Lower("username")).filter(lname__in=lowered, is_active=True)
    for user_id in users.values_list("pk", flat=True):
        if user_id not in skip:
            do_notify(user_id, actor_id, Notification.Kind.MENTION, note_id, comment_id)
