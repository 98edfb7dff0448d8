from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from vermilion.accounts.models import User
from vermilion.accounts.present import author_payload
from vermilion.media.present import media_urls
from vermilion.notes.models import NoteMedia

from .models import Notification


def unread_counts(user: User) -> dict[str, int]:
    counts = Notification.objects.filter(recipient=user, read_at__isnull=True).aggregate(
        **{group.value: Count("pk", filter=Q(group=group.value)) for group in Notification.Group}
    )
    return {**counts, "total": sum(counts.values())}


def notifications_for(user: User, group: str | None) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=user).select_related("actor__avatar", "note", "comment")
    return qs.filter(group=group) if group else qs


def notification_payload(item: Notification, covers: dict[int, dict[str, str]]) -> dict[str, Any]:

    note = item.note if item.note_id and item.note and item.note.deleted_at is None else None
    comment = item.comment if item.comment_id and item.comment and item.comment.deleted_at is None else None
    return {
        "id": str(item.pk),
        "kind": item.kind,
        "group": item.group,
        "actor": author_payload(item.actor),
        "note": {"id": str(note.pk), "title": note.title, "cover": covers.get(note.pk)} if note else None,
        "comment": {"id": str(comment.pk), "body": comment.body[:140]} if comment else None,
        "created_at": item.created_at,
        "read": item.read_at is not None,
    }


def cover_urls(note_ids: list[int]) -> dict[int, dict[str, str]]:

    covers: dict[int, dict[str, str]] = {}
    for link in NoteMedia.objects.filter(note_id__in=note_ids, position=0).select_related("media"):
        covers[link.note_id] = media_urls(link.media)
    return covers
