"""Reads of notes, boards, topics and comments. Each starts from `visible_to`."""

from __future__ import annotations

from django.db.models import ExpressionWrapper, F, IntegerField, QuerySet
from django.utils.translation import gettext_lazy as _

from vermilion.accounts.models import User
from vermilion.kit.errors import ApiError, not_found
from vermilion.kit.ids import parse_id
from vermilion.kit.pagination import keyset_page, offset_page
from vermilion.kit.text import topic_key

from .models import Board, Collect, Comment, Like, Note, Topic
from .present import with_card_relations, with_relations
from .reader_state import reader_states
from .visibility import viewer_id_of


def visible_note(viewer: User | None, note_id: str | int, region: str, *, related: bool = True) -> Note:
    pk = parse_id(note_id)
    if not related:
        return _checked_note(viewer, pk, Note.objects.all(), region)
    qs = Note.objects.visible_to(viewer, region).filter(pk=pk) if pk else Note.objects.none()
    note = with_relations(qs).first()
    if note is None:
        raise not_found()
    return note


def note_for_detail(viewer: User | None, note_id: str | int, region: str) -> Note:
    """The detail page's note: visibility and the viewer's like and collect from the compiled check
    (reader_state.py), then the note with its author; its photos, topics and mentions come from
    present.detail_parts (cached)."""
    return _checked_note(viewer, parse_id(note_id), Note.objects.select_related("author__avatar"), region)


def _checked_note(viewer: User | None, pk: int | None, rows: QuerySet[Note], region: str) -> Note:
    reader_id = viewer_id_of(viewer)
    state = reader_states(reader_id, region, [pk]).get(pk) if pk else None
    note = rows.filter(pk=pk).first() if pk and state is not None else None
    if note is None or state is None:
        raise not_found()
    if reader_id is not None:
        # What with_viewer_state would have annotated: present.note_details reads it from here.
        note.viewer_liked, note.viewer_board = state.liked, state.board_id  # type: ignore[attr-defined]
    return note


def visible_comment(viewer: User | None, comment_id: str, region: str) -> Comment:
    pk = parse_id(comment_id)
    comment = (
        Comment.objects.visible_to(viewer)
        .filter(pk=pk, note__in=Note.objects.visible_to(viewer, region))
        .select_related("note", "author")
        .first()
        if pk
        else None
    )
    if comment is None:
        raise not_found()
    return comment


def published_by(viewer: User | None, author: User, region: str) -> QuerySet[Note]:
    qs = Note.objects.visible_to(viewer, region).filter(author=author)
    if viewer is None or viewer.pk != author.pk:
        return qs
    return qs.filter(status__in=(Note.Status.PUBLISHED, Note.Status.PROCESSING, Note.Status.FAILED))


def drafts_of(user: User) -> QuerySet[Note]:
    return Note.objects.alive().filter(author=user, status=Note.Status.DRAFT)


def _is(viewer: User | None, owner_id: int) -> bool:
    return viewer is not None and viewer.pk == owner_id


def _tab_allowed(viewer: User | None, owner: User, public: bool) -> None:
    if not public and not _is(viewer, owner.pk):
        raise ApiError("private_tab", _("This person keeps this list private."), status=403)


def liked_notes_page(viewer: User | None, owner: User, region: str, cursor: str | None,
                     limit: int | None) -> tuple[list[Note], str | None]:
    _tab_allowed(viewer, owner, owner.likes_public)
    visible = Note.objects.visible_to(viewer, region).filter(status=Note.Status.PUBLISHED)
    likes = Like.objects.filter(user=owner, note__in=visible)
    rows, next_cursor = keyset_page(likes, cursor, f"likes:{owner.pk}", limit)
    by_id = {n.pk: n for n in with_card_relations(Note.objects.filter(pk__in=[r.note_id for r in rows]))}
    return [by_id[r.note_id] for r in rows if r.note_id in by_id], next_cursor


def collected_notes_page(
    viewer: User | None, owner: User, region: str, cursor: str | None, limit: int | None, board: Board | None = None
) -> tuple[list[Note], str | None]:
    if board is not None:
        if board.private and not _is(viewer, owner.pk):
            raise not_found()
    else:
        _tab_allowed(viewer, owner, owner.collects_public)
    visible = Note.objects.visible_to(viewer, region).filter(status=Note.Status.PUBLISHED)
    collects = Collect.objects.filter(user=owner, note__in=visible)
    if board is not None:
        collects = collects.filter(board=board)
    elif not _is(viewer, owner.pk):
        collects = collects.filter(board__private=False)
    rows, next_cursor = keyset_page(collects, cursor, f"collects:{owner.pk}:{getattr(board, 'pk', '')}", limit)
    by_id = {n.pk: n for n in with_card_relations(Note.objects.filter(pk__in=[r.note_id for r in rows]))}
    return [by_id[r.note_id] for r in rows if r.note_id in by_id], next_cursor


def boards_of(viewer: User | None, owner: User) -> QuerySet[Board]:
    boards = Board.objects.filter(owner=owner).order_by("-is_default", "-id")
    if not _is(viewer, owner.pk):
        boards = boards.filter(private=False)
    return boards


def board_for(viewer: User | None, board_id: str) -> Board:
    pk = parse_id(board_id)
    board = Board.objects.select_related("owner").filter(pk=pk).first() if pk else None
    if board is None or (board.private and not _is(viewer, board.owner_id)):
        raise not_found()
    return board


def topic_by_name(name: str) -> Topic:
    key = topic_key(name)[:80]
    topic = Topic.objects.filter(key=key).first() if key else None
    if topic is None:
        raise not_found()
    return topic


def topics_matching(prefix: str, limit: int = 10) -> list[Topic]:
    """Topics whose folded name starts with the folded prefix (so 猫 finds 猫税, cat finds CatTax);
    no prefix gives the biggest topics."""
    key = topic_key(prefix)[:80]
    topics = Topic.objects.filter(notes_count__gt=0)
    if key:
        topics = topics.filter(key__startswith=key)
    return list(topics.order_by("-notes_count", "key")[:limit])


HOT_SCORE = ExpressionWrapper(
    F("likes_count") + F("collects_count") * 2 + F("comments_count") * 2, output_field=IntegerField()
)


def topic_notes_page(
    viewer: User | None, topic: Topic, region: str, sort: str, cursor: str | None, limit: int | None
) -> tuple[list[Note], str | None]:
    notes = Note.objects.visible_to(viewer, region).recommendable().filter(status=Note.Status.PUBLISHED, topics=topic)
    if sort == "new":
        rows, next_cursor = keyset_page(notes, cursor, f"topic-new:{topic.pk}", limit)
    else:
        ordered = notes.annotate(hot=HOT_SCORE).order_by("-hot", "-pk")
        rows, next_cursor = offset_page(ordered, cursor, f"topic-hot:{topic.pk}", limit)
    by_id = {n.pk: n for n in with_card_relations(Note.objects.filter(pk__in=[r.pk for r in rows]))}
    return [by_id[r.pk] for r in rows], next_cursor


def comments_page(viewer: User | None, note: Note, cursor: str | None, limit: int | None) -> tuple[list[Comment], str | None]:
    top = Comment.objects.visible_to(viewer).filter(note=note, parent__isnull=True)
    return keyset_page(top, cursor, f"comments:{note.pk}", limit)


def replies_page(viewer: User | None, parent: Comment, cursor: str | None, limit: int | None) -> tuple[list[Comment], str | None]:
    replies = Comment.objects.visible_to(viewer).filter(parent=parent)
    return keyset_page(replies, cursor, f"replies:{parent.pk}", limit)


def require_published(note: Note) -> None:
    if note.status != Note.Status.PUBLISHED:
        raise ApiError("note_not_published", _("This note is not published yet."), status=409)
