"""Who sees which conversation and message. Every read path goes through these two querysets.

A person sees their own side of a conversation unless a block stands between the two (either
way): the blocked person cannot read the thread or learn it goes on. A message is visible to the
two participants, unless the viewer deleted it for themselves.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q


def _viewer_id(viewer: Any) -> int | None:
    return viewer.pk if viewer is not None and getattr(viewer, "is_authenticated", False) else None


class ParticipantQuerySet(models.QuerySet):
    def visible_to(self, viewer: Any) -> ParticipantQuerySet:
        from vermilion.graph.queries import block_between_q

        viewer_id = _viewer_id(viewer)
        if viewer_id is None:
            return self.none()
        return self.filter(user_id=viewer_id).exclude(block_between_q(viewer_id, "other"))


class MessageQuerySet(models.QuerySet):
    def visible_to(self, viewer: Any) -> MessageQuerySet:
        from .models import HiddenMessage, Participant

        viewer_id = _viewer_id(viewer)
        if viewer_id is None:
            return self.none()
        sides = Participant.objects.visible_to(viewer).values("conversation_id")
        hidden = HiddenMessage.objects.filter(message=OuterRef("pk"), user_id=viewer_id)
        # Held or removed by screening: only the sender still sees it (as "under review").
        return (self.filter(conversation_id__in=sides).exclude(Exists(hidden))
                .filter(Q(moderation="ok") | Q(sender_id=viewer_id)))
