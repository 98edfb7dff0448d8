"""Who may see what. Every read path goes through `visible_to`; nothing else decides visibility.

A note is visible to its author in any state. Anyone else sees it only when it is published, not
deleted, not held or removed by moderation, not hidden in the reader's region by a regional
rule, allowed by its audience setting (public, followers only, private), written by an account
that is not banned (docs/moderation.md: a ban takes the account's notes and comments out of
sight, and a ban reversed on appeal brings them back), and when neither side blocks the other and
the viewer has not muted the author.

The region is an argument: where the reader is now (the request's address) or, when that says
nothing, where their account was made — the caller knows which (accounts.callers.reading_region). The rules
themselves belong to moderation, which answers `hidden_in_region` (vermilion/wiring/connections.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

from vermilion.accounts.models import User
from vermilion.graph.models import Follow
from vermilion.graph.queries import blocked_either_way_q
from vermilion.kit.hooks import Hook

from . import states

if TYPE_CHECKING:
    # Named in the querysets' bases below, as strings: the models import this module.
    from .models import Comment, Note  # noqa: F401


# The ids of the notes a region's rules hide there, as a subquery (a region code such as "CN-GD"
# also matches rules for its country, "CN").
hidden_in_region: Hook[[str], models.QuerySet[Any]] = Hook("notes.hidden_in_region")


def banned_ids() -> models.QuerySet[Any]:
    """The accounts whose content nobody else sees (deactivated by a ban; few, and indexed)."""
    return User.objects.filter(is_active=False).values("pk")


def viewer_id_of(viewer: User | None) -> int | None:
    return viewer.pk if viewer is not None and viewer.is_authenticated else None


class NoteQuerySet(models.QuerySet["Note"]):
    def alive(self) -> NoteQuerySet:
        return self.filter(deleted_at__isnull=True)

    def visible_to(self, viewer: User | None, region: str) -> NoteQuerySet:
        return self.visible_to_id(viewer_id_of(viewer), region)

    def visible_to_id(self, viewer_id: int | None, region: str) -> NoteQuerySet:
        shown = Q(status=states.PUBLISHED, moderation__in=states.SHOWN_TO_READERS) & ~Q(author_id__in=banned_ids())
        if region:
            shown &= ~Q(pk__in=hidden_in_region(region))
        if viewer_id is None:
            return self.alive().filter(shown, visibility="public")
        audience = Q(visibility="public") | Q(
            visibility="followers",
            author__in=Follow.objects.filter(follower_id=viewer_id).values("followee"),
        )
        return self.alive().filter(Q(author_id=viewer_id) | (shown & audience & ~blocked_either_way_q(viewer_id)))

    def recommendable(self) -> NoteQuerySet:
        """Notes that feeds and topic pages may push to people who did not ask for them."""
        return self.filter(moderation=states.OK, visibility="public")


class CommentQuerySet(models.QuerySet["Comment"]):
    def visible_to(self, viewer: User | None) -> CommentQuerySet:
        alive = self.filter(deleted_at__isnull=True)
        viewer_id = viewer_id_of(viewer)
        shown = Q(moderation__in=states.SHOWN_TO_READERS) & ~Q(author_id__in=banned_ids())
        if viewer_id is None:
            return alive.filter(shown)
        return alive.filter(shown | Q(author_id=viewer_id)).exclude(blocked_either_way_q(viewer_id))
