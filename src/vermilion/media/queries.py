"""Reads of media: ownership checks used by notes and profiles."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone

from vermilion.kit.ids import parse_id

from .models import Media
from .rules import limits


def owned_ready_image(user: AbstractBaseUser, media_id: str) -> Media | None:
    pk = parse_id(media_id)
    if pk is None:
        return None
    return Media.objects.filter(
        pk=pk, owner_id=user.pk, kind=Media.Kind.IMAGE, status=Media.Status.READY
    ).first()


def unused_media_before(now: datetime | None = None) -> QuerySet[Media]:
    """Uploads no note or profile took up within the time limit."""
    cutoff = (now or timezone.now()) - timedelta(hours=limits()["unused_ttl_hours"])
    return Media.objects.filter(attached_at__isnull=True, created_at__lt=cutoff)
