from __future__ import annotations

from django.conf import settings
from django.db import models

from vermilion.kit.ids import new_id


class Feedback(models.Model):
    """A reader's "not interested", "less of this topic" or "less from this author"."""

    class Kind(models.TextChoices):
        NOT_INTERESTED = "not_interested"
        LESS_FROM_TOPIC = "less_from_topic"
        LESS_FROM_AUTHOR = "less_from_author"

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_feedback")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    note = models.ForeignKey("notes.Note", on_delete=models.CASCADE, related_name="+")
    # What the feedback is about, resolved when it was given: the note's author or first topic.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey("notes.Topic", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "note", "kind"], name="feed_feedback_once")]
        indexes = [models.Index(fields=["user", "kind"])]
