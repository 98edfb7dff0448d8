from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from vermilion.accounts.callers import me, reader, reading_region
from vermilion.accounts.models import User
from vermilion.accounts.present import author_payload
from vermilion.accounts.queries import user_by_username
from vermilion.accounts.standing import check_scaled_rate
from vermilion.kit.errors import ApiError, not_found
from vermilion.kit.geo import request_address, request_region
from vermilion.kit.http.auth import signed_in
from vermilion.kit.http.body import openapi_body, optional_body
from vermilion.kit.pagination import keyset_page
from vermilion.kit.replay import replayable, share

from . import actions, boards, comments, mentions, queries, reactions
from .models import Board, Comment, Note
from .present import (
    board_payload,
    comment_payload,
    comment_relations,
    liked_comment_ids,
    note_cards,
    note_details,
    with_card_relations,
    with_relations,
)
from .schemas import (
    Author,
    BoardIn,
    BoardOut,
    BoardPage,
    BoardPatch,
    CollectIn,
    CommentIn,
    CommentOut,
    CommentPage,
    LabelsIn,
    LabelsOut,
    NoteCardPage,
    NoteIn,
    NoteOut,
    NotePatch,
    StateOut,
    TopicOut,
    TopicSort,
)
from .views_counter import record_view, viewer_key

router = Router(tags=["notes"])
# One page per note for all its readers but its author (serving/hotcache.py): its visibility, counts
# and the reader's like and collect are read afresh for each reader, and an edit, deletion or
# moderation decision makes it a miss. What it may show stale for this long (and three times as
# long while it is rebuilt in the background): its author's name and avatar.
NOTE_REPLAY_SECONDS = 300


def _detail(note: Note, who: User | None) -> dict[str, Any]:
    fresh = with_relations(Note.objects.filter(pk=note.pk)).get()
    return note_details([fresh], who)[0]


def _visible_for_write(request: HttpRequest, note_id: str) -> Note:
    """A note the caller may see, for their write (the action checks it is theirs where it must be)."""
    return queries.visible_note(me(request), note_id, reading_region(request, me(request)), related=False)


def _user_or_404(username: str) -> User:
    user = user_by_username(username)
    if user is None:
        raise not_found()
    return user


# --- notes -------------------------------------------------------------------------------


@router.post("/notes", response={201: NoteOut, 200: NoteOut}, auth=signed_in)
def create_note(request: HttpRequest, payload: NoteIn) -> Status:
    if not payload.draft:
        check_scaled_rate(me(request), "post")
    note = actions.do_create_note(
        me(request),
        title=payload.title,
        body=payload.body,
        media_ids=payload.media_ids,
        topics=payload.topics,
        mentions=payload.mentions,
        location=payload.location,
        visibility=payload.visibility,
        draft=payload.draft,
        region=request_region(request),
        client_token=payload.client_token,
    )
    return Status(201, _detail(note, me(request)))


@router.get("/notes/{note_id}", response=NoteOut, auth=None)
@replayable(NOTE_REPLAY_SECONDS, shared="note")
def get_note(request: HttpRequest, note_id: str) -> dict[str, Any]:
    who = reader(request)
    # Views are counted once per reader and day, so a replayed page misses no view.
    note = queries.note_for_detail(who, note_id, reading_region(request, who))
    if note.status == note.Status.PUBLISHED:
        key = viewer_key(getattr(who, "pk", None), str(request_address(request) or ""), request.headers.get("User-Agent", ""))
        record_view(note.pk, key)
    detail = note_details([note], who)[0]
    if note.status == note.Status.PUBLISHED and not detail["viewer"]["is_author"]:
        share(request, note.pk, note.author_id, {"counts": detail["counts"], "viewer": detail["viewer"]})
    return detail


@router.patch("/notes/{note_id}", response=NoteOut, auth=signed_in)
def patch_note(request: HttpRequest, note_id: str, payload: NotePatch) -> dict[str, Any]:
    note = _visible_for_write(request, note_id)
    actions.do_update_note(me(request), note, payload.model_dump(exclude_unset=True), region=request_region(request))
    return _detail(note, me(request))


@router.post("/notes/{note_id}/publish", response=NoteOut, auth=signed_in)
def publish_note(request: HttpRequest, note_id: str) -> dict[str, Any]:
    check_scaled_rate(me(request), "post")
    note = _visible_for_write(request, note_id)
    actions.do_publish(me(request), note, region=request_region(request))
    return _detail(note, me(request))


@router.put("/notes/{note_id}/disclosure", response=LabelsOut, auth=signed_in)
def set_labels(request: HttpRequest, note_id: str, payload: LabelsIn) -> dict[str, Any]:
    """The author's labels: sponsored (paid or gifted) and AI-generated."""
    note = _visible_for_write(request, note_id)
    if note.author_id != me(request).pk:
        raise ApiError("forbidden", _("Only the author can label this note."), status=403)
    actions.do_set_labels(me(request), note, sponsored=payload.sponsored, ai_generated=payload.ai_generated)
    return {"sponsored": note.sponsored, "ai_generated": note.ai_generated}


@router.delete("/notes/{note_id}", response=StateOut, auth=signed_in)
def delete_note(request: HttpRequest, note_id: str) -> dict[str, Any]:
    note = _visible_for_write(request, note_id)
    actions.do_delete_note(me(request), note)
    return {"ok": True}


@router.get("/me/drafts", response=NoteCardPage, auth=signed_in)
def my_drafts(request: HttpRequest, cursor: str | None = None, limit: int | None = None) -> dict[str, Any]:
    rows, next_cursor = keyset_page(with_card_relations(queries.drafts_of(me(request))), cursor, "drafts", limit)
    return {"items": note_cards(rows, me(request)), "next_cursor": next_cursor}


# --- likes and collects ------------------------------------------------------------------


@router.post("/notes/{note_id}/like", response=StateOut, auth=signed_in)
def like_note(request: HttpRequest, note_id: str) -> dict[str, Any]:
    note = _visible_for_write(request, note_id)
    queries.require_published(note)
    reactions.do_like_note(me(request), note)
    note.refresh_from_db(fields=["likes_count"])
    return {"liked": True, "count": note.likes_count}


@router.delete("/notes/{note_id}/like", response=StateOut, auth=signed_in)
def unlike_note(request: HttpRequest, note_id: str) -> dict[str, Any]:
    note = _visible_for_write(request, note_id)
    reactions.do_unlike_note(me(request), note)
    note.refresh_from_db(fields=["likes_count"])
    return {"liked": False, "count": note.likes_count}


@router.post("/notes/{note_id}/collect", response=StateOut, auth=signed_in, openapi_extra=openapi_body(CollectIn))
def collect_note(request: HttpRequest, note_id: str) -> dict[str, Any]:
    payload = optional_body(request, CollectIn)
    note = _visible_for_write(request, note_id)
    queries.require_published(note)
    collect = reactions.do_collect(me(request), note, payload.board_id)
    note.refresh_from_db(fields=["collects_count"])
    return {"collected": True, "board_id": str(collect.board_id), "count": note.collects_count}


@router.delete("/notes/{note_id}/collect", response=StateOut, auth=signed_in)
def uncollect_note(request: HttpRequest, note_id: str) -> dict[str, Any]:
    note = _visible_for_write(request, note_id)
    reactions.do_uncollect(me(request), note)
    note.refresh_from_db(fields=["collects_count"])
    return {"collected": False, "count": note.collects_count}


# --- boards ------------------------------------------------------------------------------


@router.get("/boards", response=BoardPage, auth=signed_in)
def my_boards(request: HttpRequest) -> dict[str, Any]:
    boards.ensure_default_board(me(request))
    mine = queries.boards_of(me(request), me(request))
    return {"items": [board_payload(b) for b in mine], "next_cursor": None}


@router.post("/boards", response={201: BoardOut}, auth=signed_in)
def create_board(request: HttpRequest, payload: BoardIn) -> Status:
    board = boards.do_create_board(me(request), payload.name, payload.description, payload.private)
    return Status(201, board_payload(board))


@router.get("/boards/{board_id}", response=BoardOut, auth=None)
def get_board(request: HttpRequest, board_id: str) -> dict[str, Any]:
    return board_payload(queries.board_for(reader(request), board_id))


@router.patch("/boards/{board_id}", response=BoardOut, auth=signed_in)
def patch_board(request: HttpRequest, board_id: str, payload: BoardPatch) -> dict[str, Any]:
    board = queries.board_for(me(request), board_id)
    boards.do_update_board(me(request), board, payload.model_dump(exclude_unset=True))
    return board_payload(Board.objects.get(pk=board.pk))


@router.delete("/boards/{board_id}", response=StateOut, auth=signed_in)
def delete_board(request: HttpRequest, board_id: str) -> dict[str, Any]:
    board = queries.board_for(me(request), board_id)
    boards.do_delete_board(me(request), board)
    return {"ok": True}


@router.get("/boards/{board_id}/notes", response=NoteCardPage, auth=None)
def board_notes(request: HttpRequest, board_id: str, cursor: str | None = None, limit: int | None = None) -> dict[str, Any]:
    who = reader(request)
    board = queries.board_for(who, board_id)
    rows, next_cursor = queries.collected_notes_page(who, board.owner, reading_region(request, who), cursor, limit,
                                                     board=board)
    return {"items": note_cards(rows, who), "next_cursor": next_cursor}


@router.get("/users/{username}/boards", response=BoardPage, auth=None)
def user_boards(request: HttpRequest, username: str) -> dict[str, Any]:
    who = reader(request)
    owner = _user_or_404(username)
    return {"items": [board_payload(b) for b in queries.boards_of(who, owner)], "next_cursor": None}


# --- profile tabs ------------------------------------------------------------------------


@router.get("/users/{username}/notes", response=NoteCardPage, auth=None)
def user_notes(request: HttpRequest, username: str, cursor: str | None = None, limit: int | None = None) -> dict[str, Any]:
    who = reader(request)
    owner = _user_or_404(username)
    notes = queries.published_by(who, owner, reading_region(request, who))
    rows, next_cursor = keyset_page(with_card_relations(notes), cursor, f"notes:{owner.pk}", limit)
    return {"items": note_cards(rows, who), "next_cursor": next_cursor}


@router.get("/users/{username}/likes", response=NoteCardPage, auth=None)
def user_likes(request: HttpRequest, username: str, cursor: str | None = None, limit: int | None = None) -> dict[str, Any]:
    who = reader(request)
    rows, next_cursor = queries.liked_notes_page(who, _user_or_404(username), reading_region(request, who), cursor, limit)
    return {"items": note_cards(rows, who), "next_cursor": next_cursor}


@router.get("/users/{username}/collects", response=NoteCardPage, auth=None)
def user_collects(request: HttpRequest, username: str, cursor: str | None = None, limit: int | None = None) -> dict[str, Any]:
    who = reader(request)
    rows, next_cursor = queries.collected_notes_page(who, _user_or_404(username), reading_region(request, who), cursor,
                                                     limit)
    return {"items": note_cards(rows, who), "next_cursor": next_cursor}


# --- mentions ----------------------------------------------------------------------------


@router.get("/mentions", response=list[Author], auth=signed_in)
def suggest_mentions(request: HttpRequest, q: str = Query("", max_length=mentions.PREFIX_MAX)) -> Any:
    """People to suggest after '@' (as typed in a note or a comment): the writer's recent circle
    first, then people many follow."""
    return [author_payload(user) for user in mentions.mention_suggestions(me(request), q)]


# --- topics ------------------------------------------------------------------------------


@router.get("/topics", response=list[TopicOut], auth=None)
def list_topics(request: HttpRequest, q: str = Query("", max_length=40)) -> Any:
    """Topic suggestions for a prefix (as typed after '#'), or the biggest topics without one."""
    return queries.topics_matching(q)


@router.get("/topics/{name}", response=TopicOut, auth=None)
def get_topic(request: HttpRequest, name: str) -> Any:
    return queries.topic_by_name(name)


@router.get("/topics/{name}/notes", response=NoteCardPage, auth=None)
def topic_notes(
    request: HttpRequest, name: str, sort: TopicSort = "hot", cursor: str | None = None, limit: int | None = None
) -> dict[str, Any]:
    who = reader(request)
    rows, next_cursor = queries.topic_notes_page(who, queries.topic_by_name(name), reading_region(request, who), sort,
                                                 cursor, limit)
    return {"items": note_cards(rows, who), "next_cursor": next_cursor}


# --- comments ----------------------------------------------------------------------------

REPLY_PREVIEW = 2


@router.get("/notes/{note_id}/comments", response=CommentPage, auth=None)
def list_comments(request: HttpRequest, note_id: str, cursor: str | None = None, limit: int | None = None) -> dict[str, Any]:
    who = reader(request)
    note = queries.visible_note(who, note_id, reading_region(request, who), related=False)
    rows, next_cursor = queries.comments_page(who, note, cursor, limit)
    top_ids = [c.pk for c in rows]
    top = {c.pk: c for c in comment_relations(Comment.objects.filter(pk__in=top_ids))}
    # The newest replies of every comment on the page, in one query.
    replies: dict[int, list[Comment]] = {pk: [] for pk in top_ids}
    for reply in comment_relations(Comment.objects.visible_to(who).filter(parent_id__in=top_ids)).order_by("-pk"):
        bucket = replies[reply.parent_id]  # type: ignore[index]
        if len(bucket) < REPLY_PREVIEW:
            bucket.append(reply)
    liked = liked_comment_ids(who, top_ids + [r.pk for rs in replies.values() for r in rs])
    items = [
        comment_payload(top[pk], liked, [comment_payload(r, liked) for r in replies[pk]]) for pk in top_ids if pk in top
    ]
    return {"items": items, "next_cursor": next_cursor}


@router.post("/notes/{note_id}/comments", response={201: CommentOut}, auth=signed_in)
def add_comment(request: HttpRequest, note_id: str, payload: CommentIn) -> Status:
    check_scaled_rate(me(request), "comment")
    note = _visible_for_write(request, note_id)
    comment = comments.do_comment(
        me(request),
        note,
        body=payload.body,
        parent_id=payload.parent_id,
        media_id=payload.media_id,
        region=request_region(request),
    )
    fresh = comment_relations(Comment.objects.filter(pk=comment.pk)).get()
    return Status(201, comment_payload(fresh, set()))


@router.get("/comments/{comment_id}/replies", response=CommentPage, auth=None)
def list_replies(request: HttpRequest, comment_id: str, cursor: str | None = None, limit: int | None = None) -> dict[str, Any]:
    who = reader(request)
    parent = queries.visible_comment(who, comment_id, reading_region(request, who))
    rows, next_cursor = queries.replies_page(who, parent, cursor, limit)
    by_id = {c.pk: c for c in comment_relations(Comment.objects.filter(pk__in=[r.pk for r in rows]))}
    liked = liked_comment_ids(who, list(by_id))
    return {"items": [comment_payload(by_id[r.pk], liked) for r in rows], "next_cursor": next_cursor}


@router.post("/comments/{comment_id}/like", response=StateOut, auth=signed_in)
def like_comment(request: HttpRequest, comment_id: str) -> dict[str, Any]:
    comment = queries.visible_comment(me(request), comment_id, reading_region(request, me(request)))
    reactions.do_like_comment(me(request), comment)
    comment.refresh_from_db(fields=["likes_count"])
    return {"liked": True, "count": comment.likes_count}


@router.delete("/comments/{comment_id}/like", response=StateOut, auth=signed_in)
def unlike_comment(request: HttpRequest, comment_id: str) -> dict[str, Any]:
    comment = queries.visible_comment(me(request), comment_id, reading_region(request, me(request)))
    reactions.do_unlike_comment(me(request), comment)
    comment.refresh_from_db(fields=["likes_count"])
    return {"liked": False, "count": comment.likes_count}


@router.delete("/comments/{comment_id}", response=StateOut, auth=signed_in)
def delete_comment(request: HttpRequest, comment_id: str) -> dict[str, Any]:
    comment = queries.visible_comment(me(request), comment_id, reading_region(request, me(request)))
    comments.do_delete_comment(me(request), comment)
    return {"ok": True}
