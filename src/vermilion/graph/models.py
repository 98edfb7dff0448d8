from __future__ import annotations

from django.conf import settings
from django.db import models

from vermilion.kit.ids import new_id


class _Edge(models.Model):
    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Follow(_Edge):
    follower = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="following_edges")
    followee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follower_edges")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "followee"], name="graph_follow_unique"),
            models.CheckConstraint(condition=~models.Q(follower=models.F("followee")), name="graph_follow_not_self"),
        ]
        indexes = [models.Index(fields=["followee", "-id"]), models.Index(fields=["follower", "-id"])]


class Block(_Edge):
    blocker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocking_edges")
    blocked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocked_by_edges")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="graph_block_unique"),
            models.CheckConstraint(condition=~models.Q(blocker=models.F("blocked")), name="graph_block_not_self"),
        ]


class Mute(_Edge):
    muter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="muting_edges")
    muted = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="muted_by_edges")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["muter", "muted"], name="graph_mute_unique"),
            models.CheckConstraint(condition=~models.Q(muter=models.F("muted")), name="graph_mute_not_self"),
        ]
