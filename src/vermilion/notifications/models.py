from __future__ import annotations

from django.conf import settings
from django.db import models

from vermilion.kit.ids import new_id


class Notification(models.Model):
    class Kind(models.TextChoices):
        LIKE_NOTE = "like_note"
        LIKE_COMMENT = "like_comment"
        COLLECT = "collect"
        FOLLOW = "follow"
        COMMENT = "comment"
        REPLY = "reply"
        MENTION = "mention"

    class Group(models.TextChoices):
        LIKES_COLLECTS = "likes_collects"
        FOLLOWS = "follows"
        COMMENTS_MENTIONS = "comments_mentions"

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    group = models.CharField(max_length=20, choices=Group.choices)
    note = models.ForeignKey("notes.Note", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey("notes.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # kind:actor:note:comment — a retried task or a like-unlike-like makes no second notification.
    dedupe_key = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="notifications_once")]
        indexes = [
            models.Index(fields=["recipient", "group", "-id"]),
            models.Index(fields=["recipient", "read_at"]),
        ]


GROUP_OF = {
    Notification.Kind.LIKE_NOTE: Notification.Group.LIKES_COLLECTS,
    Notification.Kind.LIKE_COMMENT: Notification.Group.LIKES_COLLECTS,
    Notification.Kind.COLLECT: Notification.Group.LIKES_COLLECTS,
    Notification.Kind.FOLLOW: Notification.Group.FOLLOWS,
    Notification.Kind.COMMENT: Notification.Group.COMMENTS_MENTIONS,
    Notification.Kind.REPLY: Notification.Group.COMMENTS_MENTIONS,
    Notification.Kind.MENTION: Notification.Group.COMMENTS_MENTIONS,
}
