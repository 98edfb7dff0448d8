"""Who may see what. Every read path goes through `visible_to`; nothing else decides visibility.

A note is visible to its author in any state. Anyone else sees it only when it is published, not
deleted, not held or removed by moderation, not hidden in the viewer's region by a regional
rule, allowed by its audience setting (public, followers
only, private), and when neither side blocks the other and the viewer has not muted the author.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q


def _viewer_id(viewer: Any) -> int | None:
    return viewer.pk if viewer is not None and getattr(viewer, "is_authenticated", False) else None


class NoteQuerySet(models.QuerySet):
    def alive(self) -> NoteQuerySet:
        return self.filter(deleted_at__isnull=True)

    def visible_to(self, viewer: Any) -> NoteQuerySet:
        from vermilion.graph.models import Follow
        from vermilion.graph.queries import blocked_either_way_q

        viewer_id = _viewer_id(viewer)
        shown = Q(status="published", moderation__in=("ok", "limited"))
        from vermilion.kit.geo import current_region

        # Where the reader is now (the request's address); else where their account was made.
        region = current_region() or getattr(viewer, "ip_region", "") or ""
        if region:
            # Regional rules (moderation app): hidden where the rule applies, for everyone but the author.
            from vermilion.moderation.models import RegionalBlock

            shown &= ~Q(pk__in=RegionalBlock.objects.filter(region__in={region, region.split("-")[0]}).values("note_id"))
        if viewer_id is None:
            return self.alive().filter(shown, visibility="public")
        audience = Q(visibility="public") | Q(
            visibility="followers",
            author__in=Follow.objects.filter(follower_id=viewer_id).values("followee"),
        )
        return self.alive().filter(Q(author_id=viewer_id) | (shown & audience & ~blocked_either_way_q(viewer_id)))

    def recommendable(self) -> NoteQuerySet:
        """Notes that feeds and topic pages may push to people who did not ask for them."""
        return self.filter(moderation="ok", visibility="public")


class CommentQuerySet(models.QuerySet):
    def visible_to(self, viewer: Any) -> CommentQuerySet:
        from vermilion.graph.queries import blocked_either_way_q

        alive = self.filter(deleted_at__isnull=True)
        viewer_id = _viewer_id(viewer)
        shown = Q(moderation__in=("ok", "limited"))
        if viewer_id is None:
            return alive.filter(shown)
        return alive.filter(shown | Q(author_id=viewer_id)).exclude(blocked_either_way_q(viewer_id))
