from __future__ import annotations

from django.conf import settings
from django.db import models

from vermilion.kit.ids import new_id


class Media(models.Model):
    """One uploaded image or video, owned by its uploader.

    The original is kept in private storage (never served); what readers get are the derived
    variants: WebP sizes for images, an H.264/AAC MP4 and a poster for videos.
    """

    class Kind(models.TextChoices):
        IMAGE = "image"
        VIDEO = "video"

    class Status(models.TextChoices):
        PROCESSING = "processing"
        READY = "ready"
        FAILED = "failed"

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="media")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROCESSING)
    failure_reason = models.CharField(max_length=200, blank=True, default="")
    content_type = models.CharField(max_length=64, blank=True, default="")
    size_bytes = models.PositiveBigIntegerField(default=0)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    duration = models.FloatField(null=True, blank=True)
    alt_text = models.CharField(max_length=300, blank=True, default="")
    # Storage names (not URLs): original in private storage, variants in the public one.
    original_name = models.CharField(max_length=255, blank=True, default="")
    # {"thumb": {"name": ..., "width": ..., "height": ...}, "card": ..., "detail": ..., "video": ..., "poster": ...}
    variants = models.JSONField(default=dict, blank=True)
    # Set when a note or a profile starts using the media; unattached uploads expire after a day.
    attached_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["owner", "-created_at"]),
            models.Index(fields=["attached_at", "created_at"]),
        ]
