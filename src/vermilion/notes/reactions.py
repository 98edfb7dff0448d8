"""Likes, collects and boards. A second like is not a second like: unique rows decide, and
counters move only when a row was really created or deleted."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from vermilion.kit.errors import ApiError, field_error, not_found
from vermilion.kit.generations import bump_users
from vermilion.kit.ids import parse_id
from vermilion.kit.tasks import enqueue_on_commit

from .models import Board, Collect, Comment, CommentLike, Like, Note

BOARD_NAME_MAX = 40
BOARD_DESCRIPTION_MAX = 200
MAX_BOARDS = 200


def _received(author_id: int, field: str, delta: int) -> None:
    get_user_model().objects.filter(pk=author_id).update(**{field: F(field) + delta})


def do_like_note(user: Any, note: Note) -> bool:
    try:
        with transaction.atomic():
            Like.objects.create(user=user, note=note)
    except IntegrityError:
        return False
    bump_users(user.pk)
    Note.objects.filter(pk=note.pk).update(likes_count=F("likes_count") + 1)
    _received(note.author_id, "likes_received_count", +1)
    from vermilion.notifications.tasks import notify_reaction

    enqueue_on_commit(notify_reaction, "like_note", user.pk, note.pk, None)
    return True


def do_unlike_note(user: Any, note: Note) -> bool:
    deleted, _rows = Like.objects.filter(user=user, note=note).delete()
    if deleted:
        bump_users(user.pk)
        Note.objects.filter(pk=note.pk).update(likes_count=F("likes_count") - 1)
        _received(note.author_id, "likes_received_count", -1)
    return bool(deleted)


def do_like_comment(user: Any, comment: Comment) -> bool:
    try:
        with transaction.atomic():
            CommentLike.objects.create(user=user, comment=comment)
    except IntegrityError:
        return False
    Comment.objects.filter(pk=comment.pk).update(likes_count=F("likes_count") + 1)
    _received(comment.author_id, "likes_received_count", +1)
    from vermilion.notifications.tasks import notify_reaction

    enqueue_on_commit(notify_reaction, "like_comment", user.pk, comment.note_id, comment.pk)
    return True


def do_unlike_comment(user: Any, comment: Comment) -> bool:
    deleted, _rows = CommentLike.objects.filter(user=user, comment=comment).delete()
    if deleted:
        Comment.objects.filter(pk=comment.pk).update(likes_count=F("likes_count") - 1)
        _received(comment.author_id, "likes_received_count", -1)
    return bool(deleted)


def default_board(user: Any) -> Board:
    board = Board.objects.filter(owner=user, is_default=True).first()
    if board is not None:
        return board
    try:
        with transaction.atomic():
            return Board.objects.create(owner=user, is_default=True)
    except IntegrityError:  # created concurrently: the partial unique index kept it to one
        return Board.objects.get(owner=user, is_default=True)


def own_board(user: Any, board_id: str | None) -> Board:
    if board_id in (None, ""):
        return default_board(user)
    pk = parse_id(str(board_id))
    board = Board.objects.filter(pk=pk, owner=user).first() if pk else None
    if board is None:
        # Someone else's board looks exactly like a missing one.
        raise field_error("board_id", "invalid_board", _("Choose one of your own boards."), status=404)
    return board


def do_collect(user: Any, note: Note, board_id: str | None = None) -> Collect:
    """Collect into a board, or move an existing collect there. Idempotent."""
    board = own_board(user, board_id)
    existing = Collect.objects.filter(user=user, note=note).first()
    bump_users(user.pk)
    if existing is not None:
        if existing.board_id != board.pk:
            Board.objects.filter(pk=existing.board_id).update(notes_count=F("notes_count") - 1)
            Board.objects.filter(pk=board.pk).update(notes_count=F("notes_count") + 1)
            existing.board = board
            existing.save(update_fields=["board"])
        return existing
    try:
        with transaction.atomic():
            collect = Collect.objects.create(user=user, note=note, board=board)
    except IntegrityError:
        return Collect.objects.get(user=user, note=note)
    Note.objects.filter(pk=note.pk).update(collects_count=F("collects_count") + 1)
    Board.objects.filter(pk=board.pk).update(notes_count=F("notes_count") + 1)
    _received(note.author_id, "collects_received_count", +1)
    from vermilion.notifications.tasks import notify_reaction

    enqueue_on_commit(notify_reaction, "collect", user.pk, note.pk, None)
    return collect


def do_uncollect(user: Any, note: Note) -> bool:
    collect = Collect.objects.filter(user=user, note=note).first()
    if collect is None:
        return False
    deleted, _rows = Collect.objects.filter(pk=collect.pk).delete()
    if deleted:
        bump_users(user.pk)
        Note.objects.filter(pk=note.pk).update(collects_count=F("collects_count") - 1)
        Board.objects.filter(pk=collect.board_id).update(notes_count=F("notes_count") - 1)
        _received(note.author_id, "collects_received_count", -1)
    return bool(deleted)


def _check_board_fields(name: str | None, description: str | None) -> tuple[str | None, str | None]:
    if name is not None:
        name = " ".join(name.split())
        if not name:
            raise field_error("name", "board_name_required", _("Give the board a name."))
        if len(name) > BOARD_NAME_MAX:
            raise field_error("name", "board_name_too_long",
                              _("Board names can be at most %(max)d characters.") % {"max": BOARD_NAME_MAX})
    if description is not None:
        description = description.strip()
        if len(description) > BOARD_DESCRIPTION_MAX:
            raise field_error("description", "too_long", _("Use at most %(max)d characters.") % {"max": BOARD_DESCRIPTION_MAX})
    return name, description


def do_create_board(user: Any, name: str, description: str = "", private: bool = False) -> Board:
    clean_name, clean_description = _check_board_fields(name, description)
    if Board.objects.filter(owner=user).count() >= MAX_BOARDS:
        raise ApiError("too_many_boards", _("You have reached the maximum number of boards."))
    try:
        with transaction.atomic():
            return Board.objects.create(owner=user, name=clean_name or "", description=clean_description or "", private=private)
    except IntegrityError as exc:
        raise field_error("name", "board_exists", _("You already have a board with this name."), status=409) from exc


def do_update_board(user: Any, board: Board, changes: dict[str, Any]) -> Board:
    if board.owner_id != user.pk:
        raise not_found()
    name, description = _check_board_fields(changes.get("name"), changes.get("description"))
    if name is not None and not board.is_default:
        board.name = name
    if description is not None:
        board.description = description
    if changes.get("private") is not None:
        board.private = bool(changes["private"])
    try:
        with transaction.atomic():
            board.save()
    except IntegrityError as exc:
        raise field_error("name", "board_exists", _("You already have a board with this name."), status=409) from exc
    return board


def do_delete_board(user: Any, board: Board) -> None:
    """Deleting a board moves its collects to the default board; the default board stays."""
    if board.owner_id != user.pk:
        raise not_found()
    if board.is_default:
        raise ApiError("cannot_delete_default_board", _("The default board cannot be deleted."))
    target = default_board(user)
    moved = Collect.objects.filter(board=board).update(board=target)
    Board.objects.filter(pk=target.pk).update(notes_count=F("notes_count") + moved)
    board.delete()
