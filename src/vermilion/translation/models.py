"""Cached translations (and the work queue that fills them), and who wants everything translated.

One row per (text hash, source language, target language, engine): the unique constraint makes a
translation happen once however many readers ask at the same moment. An edited note has a new
hash, so it is translated again and the old row simply stops being asked for. The row is also the
job: `pending` until the worker fills it, `failed` (with the reason) when it could not be done —
a failed row is never shown as a translation, and is retried after a cool-down.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from vermilion.kit.ids import new_id


class Translation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending"
        DONE = "done"
        FAILED = "failed"

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    text_hash = models.CharField(max_length=64)  # sha256 of the source text
    source = models.CharField(max_length=8, blank=True, default="")
    target = models.CharField(max_length=8)
    engine = models.CharField(max_length=120)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    # Kept so the task can work from the row's id alone (the note may be edited meanwhile).
    source_text = models.TextField()
    text = models.TextField(blank=True, default="")
    quality = models.CharField(max_length=8, blank=True, default="")
    error = models.CharField(max_length=40, blank=True, default="")
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["text_hash", "source", "target", "engine"], name="translation_once"),
        ]
        indexes = [models.Index(fields=["status", "updated_at"])]


class TranslationPreference(models.Model):
    """No row means the default: translate on request only."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE,
                                related_name="translation_preference")
    auto_translate = models.BooleanField(default=False)
