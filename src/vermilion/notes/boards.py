"""Boards: the named collections a person's collects are kept in. Everyone has a default board
("Collects" in the reader's language), made the first time it is needed; the rest they make."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from vermilion.accounts.models import User
from vermilion.kit.errors import ApiError, field_error, not_found
from vermilion.kit.ids import parse_id

from .models import Board, Collect

BOARD_NAME_MAX = 40
BOARD_DESCRIPTION_MAX = 200
MAX_BOARDS = 200


def ensure_default_board(user: User) -> Board:
    """The person's default board, made if they have none yet."""
    board = Board.objects.filter(owner=user, is_default=True).first()
    if board is not None:
        return board
    try:
        with transaction.atomic():
            return Board.objects.create(owner=user, is_default=True)
    except IntegrityError:  # created concurrently: the partial unique index kept it to one
        return Board.objects.get(owner=user, is_default=True)


def own_board(user: User, board_id: str | None) -> Board:
    if board_id in (None, ""):
        return ensure_default_board(user)
    pk = parse_id(str(board_id))
    board = Board.objects.filter(pk=pk, owner=user).first() if pk else None
    if board is None:
        # Someone else's board looks exactly like a missing one.
        raise field_error("board_id", "invalid_board", _("Choose one of your own boards."), status=404)
    return board


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


def do_create_board(user: User, name: str, description: str = "", private: bool = False) -> Board:
    clean_name, clean_description = _check_board_fields(name, description)
    if Board.objects.filter(owner=user).count() >= MAX_BOARDS:
        raise ApiError("too_many_boards", _("You have reached the maximum number of boards."))
    try:
        with transaction.atomic():
            return Board.objects.create(owner=user, name=clean_name or "", description=clean_description or "", private=private)
    except IntegrityError as exc:
        raise field_error("name", "board_exists", _("You already have a board with this name."), status=409) from exc


def do_update_board(user: User, board: Board, changes: dict[str, Any]) -> Board:
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


def do_delete_board(user: User, board: Board) -> None:
    """Deleting a board moves its collects to the default board; the default board stays."""
    if board.owner_id != user.pk:
        raise not_found()
    if board.is_default:
        raise ApiError("cannot_delete_default_board", _("The default board cannot be deleted."))
    target = ensure_default_board(user)
    moved = Collect.objects.filter(board=board).update(board=target)
    Board.objects.filter(pk=target.pk).update(notes_count=F("notes_count") + moved)
    board.delete()
