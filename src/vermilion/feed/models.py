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


class NoteEmbedding(models.Model):
    """A note's position in the multilingual sentence space (512 floats, stored as float16).

    Written by a task when a note is published or edited, so the feed never runs the encoder while
    answering a page; `text_hash` lets an edit that changed nothing skip the encoder.
    """

    note = models.OneToOneField("notes.Note", primary_key=True, on_delete=models.CASCADE, related_name="+")
    vector = models.BinaryField()
    text_hash = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)


class Preferences(models.Model):
    """A reader's own controls over discover: words and topics they never want to see, and where
    they sit between "more familiar" (0) and "more discovery" (100)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE,
                                related_name="feed_preferences")
    muted_words = models.JSONField(default=list, blank=True)  # folded (case, width, script)
    muted_topics = models.JSONField(default=list, blank=True)  # topic keys
    discovery = models.PositiveSmallIntegerField(default=50)
    # A region code (CN-GD, US, …) that "Nearby" uses instead of the reader's IP region.
    nearby_region = models.CharField(max_length=8, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)


class Dwell(models.Model):
    """Seconds a reader spent on a note's detail (reported by the client when they leave it)."""

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = models.ForeignKey("notes.Note", on_delete=models.CASCADE, related_name="+")
    seconds = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["user", "-id"])]


class Impression(models.Model):
    """A note shown on someone's discover page, with the ranking features it had then: the
    learned ranker trains on what people were actually shown and what they did with it."""

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = models.ForeignKey("notes.Note", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()
    features = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["created_at"]), models.Index(fields=["user", "note"])]


class Trending(models.Model):
    """A note trending overall (region '') or in a region, as the last `refresh_trending` found it."""

    id = models.BigAutoField(primary_key=True)
    note = models.ForeignKey("notes.Note", on_delete=models.CASCADE, related_name="+")
    region = models.CharField(max_length=8, blank=True, default="")
    score = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["region"])]


class DiscoverRanking(models.Model):
    """A reader's kept Discover rankings where the site has no Redis (feed/ranked.py)."""

    key = models.CharField(max_length=80, primary_key=True)  # "u<user id>", or "a<variant>" for anonymous readers
    current = models.TextField()
    previous = models.TextField(blank=True, default="")
    stale_at = models.FloatField(null=True, blank=True)
    refresh_claimed_at = models.FloatField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
