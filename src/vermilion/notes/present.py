"""Notes, comments and boards as clients see them, built with a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vermilion.accounts.models import User
from vermilion.accounts.present import AuthorRow, author_payload, region_label
from vermilion.kit.cache import forget
from vermilion.kit.places import place_name
from vermilion.media.present import MediaRow, media_payload

from .models import Board, Collect, Comment, CommentLike, Like, Note, NoteMedia


def with_relations(notes: QuerySet[Note]) -> QuerySet[Note]:
    return notes.select_related("author__avatar").prefetch_related(
        Prefetch("media_links", queryset=NoteMedia.objects.select_related("media").order_by("position")),
        "topics",
        "mentions__user",
    )


# What a card reads (note_card, author_payload): a page of twenty cards need not carry twenty
# bodies (up to 1,000 characters each) nor the authors' password hashes and settings.
CARD_FIELDS = ("id", "author_id", "title", "kind", "status", "likes_count", "published_at",
               "author__id", "author__username", "author__display_name", "author__avatar__id",
               "author__avatar__variants")


def with_card_relations(notes: QuerySet[Note]) -> QuerySet[Note]:
    """Only what a card shows (author, avatar, cover photo): lists of cards skip the detail's
    topics, mentions, body and other photos."""
    return notes.select_related("author__avatar").only(*CARD_FIELDS).prefetch_related(
        Prefetch("media_links", queryset=NoteMedia.objects.filter(position=0).select_related("media")),
    )


def with_viewer_state(notes: QuerySet[Note], viewer_id: int | None, *, collects: bool = True) -> QuerySet[Note]:
    """Whether the viewer liked (and collected) each note, in the notes' own query instead of one
    query more each."""
    if viewer_id is None:
        return notes
    notes = notes.annotate(viewer_liked=Exists(Like.objects.filter(user_id=viewer_id, note_id=OuterRef("pk"))))
    if collects:
        board = Collect.objects.filter(user_id=viewer_id, note_id=OuterRef("pk")).values("board_id")[:1]
        notes = notes.annotate(viewer_board=Subquery(board))
    return notes


def _viewer_state(viewer: User | None, notes: Sequence[Note]) -> tuple[set[int], dict[int, int]]:
    liked = _liked_ids(viewer, notes)
    if not notes or viewer is None or not getattr(viewer, "is_authenticated", False):
        return liked, {}
    if all(hasattr(n, "viewer_board") for n in notes):
        return liked, {n.pk: n.viewer_board for n in notes if n.viewer_board is not None}  # type: ignore[attr-defined]
    ids = [n.pk for n in notes]
    return liked, dict(Collect.objects.filter(user=viewer, note_id__in=ids).values_list("note_id", "board_id"))


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
    return [name for name, on in (("sponsored", note.sponsored), ("ai_generated", note.ai_generated)) if on]


def note_detail(note: Note, viewer: User | None, liked: bool, board_id: int | None) -> dict[str, Any]:
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
        **detail_parts(note),
        "location": note.location or None,
        "location_label": place_name(note.location, get_language() or "en") or None,
        "language": note.language or None,
        "ip_region": region_label(note.ip_region),
        "created_at": note.created_at,
        "published_at": note.published_at,
        "edited_at": note.edited_at,
        **live_part(note.likes_count, note.collects_count, note.comments_count, note.views_count,
                    liked, board_id, is_author),
    }


def live_part(likes: int, collects: int, comments: int, views: int, liked: bool, board_id: int | None,
              is_author: bool) -> dict[str, Any]:
    """The end of a note's page that a shared copy of it (serving/hotcache.py) reads afresh for every
    reader: the counts, and what is the reader's own (whether they liked and collected it)."""
    return {
        "counts": {"likes": likes, "collects": collects, "comments": comments, "views": views},
        "viewer": {
            "liked": liked,
            "collected": board_id is not None,
            "board_id": str(board_id) if board_id else None,
            "is_author": is_author,
        },
    }


# A published note's photos, topics and mentions change only when its author edits it (edited_at
# moves) or sets a photo's alt text (forget_detail_parts); they are kept apart from the counts,
# which change all the time, so the detail page reads them with one cache lookup instead of three
# queries. The expiry bounds what a missed change (a mentioned person renamed) can show.
PARTS_SECONDS = 300


def _parts_stamp(note: Note) -> str:
    return f"{note.status}:{note.edited_at.timestamp() if note.edited_at else 0}"


def detail_parts(note: Note) -> dict[str, Any]:
    key = f"note-parts:{note.pk}"
    cacheable = note.status == Note.Status.PUBLISHED
    if cacheable:
        kept = cache.get(key)
        if kept is not None and kept[0] == _parts_stamp(note):
            return dict(kept[1])
    parts = {
        "media": [media_payload(link.media) for link in _related(note, "media_links", "media")],
        "topics": [{"name": t.name} for t in note.topics.all()],
        "mentions": [{"username": m.user.username} for m in _related(note, "mentions", "user")],
    }
    if cacheable:
        cache.set(key, (_parts_stamp(note), parts), PARTS_SECONDS)
    return parts


def _related(note: Note, name: str, joined: str) -> list[Any]:
    """The prefetched rows when the caller prefetched them (with_relations), else one query."""
    manager = getattr(note, name)
    if name in getattr(note, "_prefetched_objects_cache", {}):
        return list(manager.all())
    rows = manager.select_related(joined)
    return list(rows.order_by("position") if name == "media_links" else rows)


def forget_detail_parts(note_ids: Iterable[int]) -> None:
    forget([f"note-parts:{pk}" for pk in note_ids])


def note_cards(notes: Iterable[Note], viewer: User | None) -> list[dict[str, Any]]:
    notes = list(notes)
    liked = _liked_ids(viewer, notes)
    return [note_card(n, n.pk in liked) for n in notes]


_COVER_FIELDS = ("kind", "status", "width", "height", "duration", "alt_text", "failure_reason", "variants")


def cards_by_id(note_ids: Sequence[int], liked: set[int]) -> dict[int, dict[str, Any]]:
    """`note_card` for these notes (which ones the reader may see, the caller's query decided),
    read as two queries of plain rows: for a page of twenty, a fraction of the CPU that model
    instances with their relations and prefetches cost (bench/bench_feed_latency.py)."""
    if not note_ids:
        return {}
    covers = {
        row["note_id"]: MediaRow(pk=row["media_id"], **{f: row[f"media__{f}"] for f in _COVER_FIELDS})
        for row in NoteMedia.objects.filter(note_id__any=list(note_ids), position=0).values(
            "note_id", "media_id", *(f"media__{f}" for f in _COVER_FIELDS))
    }
    rows = Note.objects.filter(pk__any=list(note_ids)).values(
        "id", "title", "kind", "status", "likes_count", "published_at", "author_id", "author__username",
        "author__display_name", "author__avatar_id", "author__avatar__variants")
    out = {}
    for r in rows:
        avatar = MediaRow(pk=r["author__avatar_id"], variants=r["author__avatar__variants"]) if r["author__avatar_id"] else None
        author = AuthorRow(r["author_id"], r["author__username"], r["author__display_name"], avatar)
        cover = covers.get(r["id"])
        # The same keys as note_card, read from the rows.
        out[r["id"]] = {
            "id": str(r["id"]), "title": r["title"], "kind": r["kind"], "status": r["status"],
            "cover": media_payload(cover) if cover is not None else None, "author": author_payload(author),
            "likes": r["likes_count"], "viewer_liked": r["id"] in liked, "published_at": r["published_at"],
        }
    return out


def _liked_ids(viewer: User | None, notes: Sequence[Note]) -> set[int]:
    """A card shows only whether the viewer liked it (collects are on the detail page)."""
    if viewer is None or not getattr(viewer, "is_authenticated", False) or not notes:
        return set()
    if all(hasattr(n, "viewer_liked") for n in notes):
        return {n.pk for n in notes if n.viewer_liked}  # type: ignore[attr-defined]
    return set(Like.objects.filter(user=viewer, note_id__in=[n.pk for n in notes]).values_list("note_id", flat=True))


def note_details(notes: Iterable[Note], viewer: User | None) -> list[dict[str, Any]]:
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


def liked_comment_ids(viewer: User | None, ids: list[int]) -> set[int]:
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
