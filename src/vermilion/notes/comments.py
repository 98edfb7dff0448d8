"""Two-level comments: a comment on a note, and replies under it that may answer someone."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vermilion.accounts.models import User
from vermilion.accounts.standing import check_may_post
from vermilion.graph.queries import is_blocked_either_way
from vermilion.kit.errors import ApiError, field_error, not_found
from vermilion.kit.events import emit
from vermilion.kit.ids import parse_id
from vermilion.kit.text import detect_language, find_mentions
from vermilion.media.actions import mark_attached
from vermilion.media.queries import owned_ready_image

from . import rules
from .events import CommentPosted
from .models import Comment, Note, Topic


def _check_comment_body(body: str, has_media: bool) -> str:
    body = body.replace("\r\n", "\n").strip()
    if not body and not has_media:
        raise field_error("body", "comment_empty", _("Write a comment first."))
    if len(body) > rules.COMMENT_MAX_CHARS:
        raise field_error(
            "body", "comment_too_long", _("Comments can be at most %(max)d characters.") % {"max": rules.COMMENT_MAX_CHARS}
        )
    return body


def _discussions(note: Note, delta: int) -> None:
    Topic.objects.filter(notes=note).update(discussions_count=F("discussions_count") + delta)


def do_comment(
    author: User, note: Note, *, body: str, parent_id: str | None = None, media_id: str | None = None, region: str = ""
) -> Comment:
    """`note` must already be visible to `author` (the caller fetched it through visible_to)."""
    check_may_post(author)
    if note.status != Note.Status.PUBLISHED:
        raise ApiError("note_not_published", _("You can comment once the note is published."), status=409)
    if is_blocked_either_way(author.pk, note.author_id):
        raise not_found()
    media = None
    if media_id:
        media = owned_ready_image(author, media_id)
        if media is None:
            raise field_error("media_id", "invalid_media", _("Upload an image first, then use its id."))
    body = _check_comment_body(body, media is not None)
    parent = None
    reply_to = None
    if parent_id:
        pk = parse_id(parent_id)
        target = Comment.objects.visible_to(author).filter(pk=pk, note=note).first() if pk else None
        if target is None:
            raise field_error("parent_id", "invalid_parent", _("The comment you are replying to is gone."), status=404)
        # A reply to a reply stays in the first comment's thread and names whom it answers.
        parent = target if target.parent_id is None else target.parent
        reply_to = target.author
    comment = Comment.objects.create(
        note=note,
        author=author,
        parent=parent,
        reply_to=reply_to,
        body=body,
        media=media,
        language=detect_language(body),
        ip_region=region,
    )
    if media is not None:
        mark_attached([media])
    Note.objects.filter(pk=note.pk).update(comments_count=F("comments_count") + 1)
    if parent is not None:
        Comment.objects.filter(pk=parent.pk).update(replies_count=F("replies_count") + 1)
    _discussions(note, +1)
    emit(CommentPosted(comment_id=comment.pk, note_id=note.pk, author_id=author.pk, mentioned=tuple(find_mentions(body))))
    return comment


def do_delete_comment(actor: User, comment: Comment) -> None:
    """The comment's author or the note's author may delete it; a thread goes with its first comment."""
    if actor.pk not in (comment.author_id, comment.note.author_id):
        raise ApiError("forbidden", _("You can only delete your own comments or comments on your notes."), status=403)
    now = timezone.now()
    if not Comment.objects.filter(pk=comment.pk, deleted_at__isnull=True).update(deleted_at=now):
        return
    removed = 1
    if comment.parent_id is None:
        removed += Comment.objects.filter(parent=comment, deleted_at__isnull=True).update(deleted_at=now)
    else:
        Comment.objects.filter(pk=comment.parent_id).update(replies_count=F("replies_count") - 1)
    Note.objects.filter(pk=comment.note_id).update(comments_count=F("comments_count") - removed)
    _discussions(comment.note, -removed)
