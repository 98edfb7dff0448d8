"""Likes and collects. A second like is not a second like: unique rows decide, and counters move
only when a row was really created or deleted."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from vermilion.accounts.models import User
from vermilion.kit.events import emit

from .boards import own_board
from .events import ReactionChanged
from .models import Board, Collect, Comment, CommentLike, Like, Note


def _received(author_id: int, field: str, delta: int) -> None:
    User.objects.filter(pk=author_id).update(**{field: F(field) + delta})


def do_like_note(user: User, note: Note) -> bool:
    try:
        with transaction.atomic():
            Like.objects.create(user=user, note=note)
    except IntegrityError:
        return False
    Note.objects.filter(pk=note.pk).update(likes_count=F("likes_count") + 1)
    _received(note.author_id, "likes_received_count", +1)
    emit(ReactionChanged(kind="like_note", user_id=user.pk, note_id=note.pk, on=True))
    return True


def do_unlike_note(user: User, note: Note) -> bool:
    deleted, _rows = Like.objects.filter(user=user, note=note).delete()
    if deleted:
        Note.objects.filter(pk=note.pk).update(likes_count=F("likes_count") - 1)
        _received(note.author_id, "likes_received_count", -1)
        emit(ReactionChanged(kind="like_note", user_id=user.pk, note_id=note.pk, on=False))
    return bool(deleted)


def do_like_comment(user: User, comment: Comment) -> bool:
    try:
        with transaction.atomic():
            CommentLike.objects.create(user=user, comment=comment)
    except IntegrityError:
        return False
    Comment.objects.filter(pk=comment.pk).update(likes_count=F("likes_count") + 1)
    _received(comment.author_id, "likes_received_count", +1)
    emit(ReactionChanged(kind="like_comment", user_id=user.pk, note_id=comment.note_id, on=True, comment_id=comment.pk))
    return True


def do_unlike_comment(user: User, comment: Comment) -> bool:
    deleted, _rows = CommentLike.objects.filter(user=user, comment=comment).delete()
    if deleted:
        Comment.objects.filter(pk=comment.pk).update(likes_count=F("likes_count") - 1)
        _received(comment.author_id, "likes_received_count", -1)
        emit(ReactionChanged(kind="like_comment", user_id=user.pk, note_id=comment.note_id, on=False,
                             comment_id=comment.pk))
    return bool(deleted)


def do_collect(user: User, note: Note, board_id: str | None = None) -> Collect:
    """Collect into a board, or move an existing collect there. Idempotent."""
    board = own_board(user, board_id)
    existing = Collect.objects.filter(user=user, note=note).first()
    if existing is not None:
        if existing.board_id != board.pk:
            Board.objects.filter(pk=existing.board_id).update(notes_count=F("notes_count") - 1)
            Board.objects.filter(pk=board.pk).update(notes_count=F("notes_count") + 1)
            existing.board = board
            existing.save(update_fields=["board"])
            emit(ReactionChanged(kind="collect", user_id=user.pk, note_id=note.pk, on=True))
        return existing
    try:
        with transaction.atomic():
            collect = Collect.objects.create(user=user, note=note, board=board)
    except IntegrityError:
        return Collect.objects.get(user=user, note=note)
    Note.objects.filter(pk=note.pk).update(collects_count=F("collects_count") + 1)
    Board.objects.filter(pk=board.pk).update(notes_count=F("notes_count") + 1)
    _received(note.author_id, "collects_received_count", +1)
    emit(ReactionChanged(kind="collect", user_id=user.pk, note_id=note.pk, on=True))
    return collect


def do_uncollect(user: User, note: Note) -> bool:
    collect = Collect.objects.filter(user=user, note=note).first()
    if collect is None:
        return False
    deleted, _rows = Collect.objects.filter(pk=collect.pk).delete()
    if deleted:
        Note.objects.filter(pk=note.pk).update(collects_count=F("collects_count") - 1)
        Board.objects.filter(pk=collect.board_id).update(notes_count=F("notes_count") - 1)
        _received(note.author_id, "collects_received_count", -1)
        emit(ReactionChanged(kind="collect", user_id=user.pk, note_id=note.pk, on=False))
    return bool(deleted)
