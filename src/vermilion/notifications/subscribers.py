"""What notifications does when others change things (durable subscribers, vermilion/wiring/connections.py).

Each re-reads the rows its event names and is idempotent: the dedupe key makes a retried delivery
or a like-unlike-like leave one notification.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.functions import Lower

from vermilion.accounts.models import User
from vermilion.graph.events import FollowChanged
from vermilion.graph.queries import follows
from vermilion.notes.events import CommentPosted, NoteChanged, NotePublished, ReactionChanged
from vermilion.notes.models import Collect, Comment, CommentLike, Like, Note

from .actions import do_notify
from .models import Notification


def on_follow(event: FollowChanged) -> None:
    if not event.following:
        return
    with transaction.atomic():
        if follows(event.follower_id, event.followee_id):
            do_notify(event.followee_id, event.follower_id, Notification.Kind.FOLLOW)


def on_reaction(event: ReactionChanged) -> None:
    if not event.on:
        return
    with transaction.atomic():
        if event.kind == "like_comment" and event.comment_id is not None:
            comment = Comment.objects.filter(pk=event.comment_id, deleted_at__isnull=True).first()
            if comment and CommentLike.objects.filter(user_id=event.user_id, comment=comment).exists():
                do_notify(comment.author_id, event.user_id, event.kind, event.note_id, event.comment_id)
            return
        note = Note.objects.alive().filter(pk=event.note_id).first()
        if note is None:
            return
        still = (Like if event.kind == "like_note" else Collect).objects.filter(user_id=event.user_id, note=note).exists()
        if still:
            do_notify(note.author_id, event.user_id, event.kind, event.note_id)


def on_comment(event: CommentPosted) -> None:
    with transaction.atomic():
        comment = Comment.objects.select_related("note", "parent").filter(
            pk=event.comment_id, deleted_at__isnull=True).first()
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
        _mention(comment.author_id, list(event.mentioned), comment.note_id, comment.pk, skip=told)


def on_note_published(event: NotePublished) -> None:
    """Everyone the note mentions hears of it once it is published."""
    with transaction.atomic():
        note = Note.objects.alive().filter(pk=event.note_id, status=Note.Status.PUBLISHED).first()
        if note is None:
            return
        for user_id in note.mentions.values_list("user_id", flat=True):
            do_notify(user_id, note.author_id, Notification.Kind.MENTION, note.pk)


def on_note_changed(event: NoteChanged) -> None:
    """People an edit of a published note mentions for the first time hear of it."""
    if not event.published or not event.mentioned:
        return
    with transaction.atomic():
        note = Note.objects.alive().filter(pk=event.note_id, status=Note.Status.PUBLISHED).first()
        if note is None:
            return
        for user_id in event.mentioned:
            do_notify(user_id, note.author_id, Notification.Kind.MENTION, note.pk, None)


def _mention(actor_id: int, usernames: list[str], note_id: int, comment_id: int, skip: set[int]) -> None:
    if not usernames:
        return
    lowered = {u.lower() for u in usernames}
    users = User.objects.annotate(lname=Lower("username")).filter(lname__in=lowered, is_active=True)
    for user_id in users.values_list("pk", flat=True):
        if user_id not in skip:
            do_notify(user_id, actor_id, Notification.Kind.MENTION, note_id, comment_id)
