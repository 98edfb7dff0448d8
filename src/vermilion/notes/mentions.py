"""Whom to suggest after an '@' in a note or a comment.

People the writer has dealt with lately come first (follows either way, comments either way, likes,
earlier mentions), newest first; then people many follow. So a newcomer who follows no one still
gets suggestions, and a regular finds their circle at the top. Never the writer, nor anyone blocked
either way, muted, or banned."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from vermilion.accounts.models import User
from vermilion.graph.models import Follow
from vermilion.graph.queries import blocked_either_way_q

from .models import Comment, Like, Mention

# Rows read per source: a person's recent circle, and a bound on the work for the busiest account.
RECENT = 200
PREFIX_MAX = 24


def _recent_circle(viewer_id: int) -> list[int]:
    """User ids the viewer dealt with, most recent first. Row ids are time-ordered (kit/ids.py),
    so one id orders every source."""
    sources: list[Iterable[tuple[int, int]]] = [
        Follow.objects.filter(follower_id=viewer_id).order_by("-id").values_list("followee_id", "id")[:RECENT],
        Follow.objects.filter(followee_id=viewer_id).order_by("-id").values_list("follower_id", "id")[:RECENT],
        Comment.objects.filter(author_id=viewer_id).order_by("-id").values_list("note__author_id", "id")[:RECENT],
        Comment.objects.filter(note__author_id=viewer_id).order_by("-id").values_list("author_id", "id")[:RECENT],
        Comment.objects.filter(reply_to_id=viewer_id).order_by("-id").values_list("author_id", "id")[:RECENT],
        Like.objects.filter(user_id=viewer_id).order_by("-id").values_list("note__author_id", "id")[:RECENT],
        Mention.objects.filter(note__author_id=viewer_id).order_by("-note_id").values_list("user_id", "note_id")[:RECENT],
    ]
    latest: dict[int, int] = {}
    for rows in sources:
        for user_id, at in rows:
            if user_id != viewer_id and at > latest.get(user_id, -1):
                latest[user_id] = at
    return sorted(latest, key=lambda user_id: -latest[user_id])


def mention_suggestions(viewer: User, prefix: str, limit: int = 8) -> list[User]:
    prefix = prefix.strip().lstrip("@＠")[:PREFIX_MAX]
    people = (User.objects.filter(is_active=True).exclude(pk=viewer.pk).exclude(blocked_either_way_q(viewer.pk, "pk"))
              .select_related("avatar"))
    if prefix:
        people = people.filter(Q(username__istartswith=prefix) | Q(display_name__istartswith=prefix))
    circle = _recent_circle(viewer.pk)
    rank = {user_id: i for i, user_id in enumerate(circle)}
    known = sorted(people.filter(pk__in=circle), key=lambda user: rank[user.pk])[:limit]
    if len(known) < limit:
        popular = people.exclude(pk__in=[user.pk for user in known]).order_by("-followers_count", "-notes_count",
                                                                                "username")
        known += list(popular[: limit - len(known)])
    return known
