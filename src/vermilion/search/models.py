"""What search keeps beside the notes: the segmented documents the full-text index reads, the
names that suggestions prefix-match (with pinyin), how often each query was searched per hour, and
each signed-in person's own recent searches."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SearchDocument(models.Model):
    """A published note's title and body (with its topics and place) as space-separated tokens:
    folded, segmented, with Han bigrams and characters (kit.segment.document_text).

    The full-text index is built over these two columns by the database itself: an FTS5 table kept
    in step by triggers on SQLite, a generated, GIN-indexed tsvector column on PostgreSQL (see the
    migration). Both index the same tokens, so both backends find the same notes.
    """

    note = models.OneToOneField("notes.Note", primary_key=True, on_delete=models.CASCADE, related_name="+")
    title_tokens = models.TextField()
    body_tokens = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)


class Suggestion(models.Model):
    """A name offered as the reader types: a topic, a person, or a query many people searched.

    `key` is the folded label; `pinyin` and `initials` let "xhs" or "xiaohong" find 小红书.
    `weight` orders suggestions (notes in a topic, followers of a person, searchers of a query).
    """

    class Kind(models.TextChoices):
        TOPIC = "topic"
        PERSON = "person"
        QUERY = "query"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    ref = models.BigIntegerField(default=0)  # topic or user id; 0 for queries
    label = models.CharField(max_length=100)
    key = models.CharField(max_length=100)
    pinyin = models.CharField(max_length=200, blank=True, default="")
    initials = models.CharField(max_length=80, blank=True, default="")
    weight = models.PositiveIntegerField(default=0)
    # Moderation: a hidden suggestion is never offered (staff hide it in the admin).
    hidden = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key", "ref"], name="search_suggestion_once")]
        indexes = [
            models.Index(fields=["key"], name="search_sugg_key", opclasses=["text_pattern_ops"]),
            models.Index(fields=["pinyin"], name="search_sugg_pinyin", opclasses=["text_pattern_ops"]),
            models.Index(fields=["initials"], name="search_sugg_initials", opclasses=["text_pattern_ops"]),
        ]


class QueryCount(models.Model):
    """Distinct searchers of a folded query within one hour: trending compares recent hours with
    the days before, so what rises now beats what is always searched."""

    key = models.CharField(max_length=100)
    hour = models.IntegerField()  # hours since the Unix epoch
    searches = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "hour"], name="search_query_hour_once")]
        indexes = [models.Index(fields=["hour"])]


class RecentSearch(models.Model):
    """A signed-in person's own recent searches, offered when they focus the empty search box.

    Only that person sees them, and they clear them (one or all). The newest KEEP_RECENT per person
    are kept; a search repeated moves to the top instead of being listed twice.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)  # folded: 咖啡 and 咖啡 typed in full width are one search
    label = models.CharField(max_length=100)  # as typed the last time
    searched_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="search_recent_once")]
        indexes = [models.Index(fields=["user", "-searched_at"], name="search_recent_newest")]
