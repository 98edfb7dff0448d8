"""Notes, comments and boards as clients see them, built with a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from vermilion.accounts.queries import region_label
from vermilion.media.present import media_payload, media_urls

from .models import Board, Collect, Comment, CommentLike, Like, Note, NoteMedia


def author_payload(user: Any) -> dict[str, Any]:
    return {
        "id": str(user.pk),
        "username": user.username,
        "display_name": user.name,
        "avatar": media_urls(user.avatar) if user.avatar_id and user.avatar else None,
    }


def with_relations(notes: QuerySet[Note]) -> QuerySet[Note]:
    # "disclosure" is the moderation app's labels (sponsored, AI-generated): one join, no extra query.
    return notes.select_related("author__avatar", "disclosure").prefetch_related(
        Prefetch("media_links", queryset=NoteMedia.objects.select_related("media").order_by("position")),
        "topics",
        "mentions__user",
    )


def with_card_relations(notes: QuerySet[Note]) -> QuerySet[Note]:
    """Only what a card shows (author, avatar, cover): lists of cards skip the detail's topics and
    mentions, two queries a page on every feed, search and profile tab."""
    return notes.select_related("author__avatar").prefetch_related(
        Prefetch("media_links", queryset=NoteMedia.objects.select_related("media").order_by("position")),
    )


def _viewer_state(viewer: Any, notes: Sequence[Note]) -> tuple[set[int], dict[int, int]]:
    if viewer is None or not getattr(viewer, "is_authenticated", False) or not notes:
        return set(), {}
    ids = [n.pk for n in notes]
    liked = set(Like.objects.filter(user=viewer, note_id__in=ids).values_list("note_id", flat=True))
    collected = dict(Collect.objects.filter(user=viewer, note_id__in=ids).values_list("note_id", "board_id"))
    return liked, collected


def _cover(note: Note) -> dict[str, Any] | None:
    links = list(note.media_links.all())
    return media_payload(links[0].media) if links else None


def note_card(note: Note, liked: bool = False) -> dict[str, Any]:
    """What the waterfall shows: cover, title, author and likes."""
    return {
        "id": str(note.pk),
        "title": note.title,
        "kind": note.kind,
        "status": note.status,
        "cover": _cover(note),
        "author": author_payload(note.author),
        "likes": note.likes_count,
        "viewer_liked": liked,
        "published_at": note.published_at,
    }


def _labels(note: Note) -> list[str]:
    disclosure = getattr(note, "disclosure", None)
    if disclosure is None:
        return []
    return [name for name, on in (("sponsored", disclosure.sponsored), ("ai_generated", disclosure.ai_generated)) if on]


def note_detail(note: Note, viewer: Any, liked: bool, board_id: int | None) -> dict[str, Any]:
    is_author = viewer is not None and getattr(viewer, "pk", None) == note.author_id
    return {
        "id": str(note.pk),
        "title": note.title,
        "body": note.body,
        "kind": note.kind,
        "status": note.status,
        "failure_reason": note.failure_reason or None,
        "under_review": note.moderation == Note.Moderation.HELD,
        "labels": _labels(note),
        # Only the author learns a note is limited or removed (and reads why at /decisions).
        "moderation": note.moderation if is_author else None,
        "visibility": note.visibility,
        "author": author_payload(note.author),
        "media": [media_payload(link.media) for link in note.media_links.all()],
        "topics": [{"name": t.name} for t in note.topics.all()],
        "mentions": [{"username": m.user.username} for m in note.mentions.all()],
        "location": note.location or None,
        "language": note.language or None,
        "ip_region": region_label(note.ip_region),
        "created_at": note.created_at,
        "published_at": note.published_at,
        "edited_at": note.edited_at,
        "counts": {
            "likes": note.likes_count,
            "collects": note.collects_count,
            "comments": note.comments_count,
            "views": note.views_count,
        },
        "viewer": {
            "liked": liked,
            "collected": board_id is not None,
            "board_id": str(board_id) if board_id else None,
            "is_author": is_author,
        },
    }


def note_cards(notes: Iterable[Note], viewer: Any) -> list[dict[str, Any]]:
    notes = list(notes)
    liked, _collected = _viewer_state(viewer, notes)
    return [note_card(n, n.pk in liked) for n in notes]


def note_details(notes: Iterable[Note], viewer: Any) -> list[dict[str, Any]]:
    notes = list(notes)
    liked, collected = _viewer_state(viewer, notes)
    return [note_detail(n, viewer, n.pk in liked, collected.get(n.pk)) for n in notes]


def comment_payload(comment: Comment, liked: set[int], replies: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": str(comment.pk),
        "note_id": str(comment.note_id),
        "parent_id": str(comment.parent_id) if comment.parent_id else None,
        "author": author_payload(comment.author),
        "reply_to": {"username": comment.reply_to.username} if comment.reply_to_id and comment.reply_to else None,
        "body": comment.body,
        "media": media_payload(comment.media) if comment.media_id and comment.media else None,
        "language": comment.language or None,
        "ip_region": region_label(comment.ip_region),
        "created_at": comment.created_at,
        "likes": comment.likes_count,
        "replies_count": comment.replies_count,
        "viewer_liked": comment.pk in liked,
    }
    if replies is not None:
        payload["replies"] = replies
    return payload


def comment_relations(comments: QuerySet[Comment]) -> QuerySet[Comment]:
    return comments.select_related("author__avatar", "reply_to", "media")


def liked_comment_ids(viewer: Any, ids: list[int]) -> set[int]:
    if viewer is None or not getattr(viewer, "is_authenticated", False) or not ids:
        return set()
    return set(CommentLike.objects.filter(user=viewer, comment_id__in=ids).values_list("comment_id", flat=True))


def board_payload(board: Board) -> dict[str, Any]:
    return {
        "id": str(board.pk),
        "name": board.name or _("Collects"),
        "description": board.description,
        "private": board.private,
        "is_default": board.is_default,
        "notes_count": board.notes_count,
        "created_at": board.created_at,
    }
