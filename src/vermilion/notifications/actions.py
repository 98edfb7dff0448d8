"""Creating and reading notifications. Creation happens in tasks, after the action committed."""

from __future__ import annotations

from django.utils import timezone

from vermilion.accounts.models import User
from vermilion.graph.queries import is_blocked_either_way, is_muted
from vermilion.kit.events import emit

from .events import NotificationCreated
from .models import GROUP_OF, Notification


def do_notify(recipient_id: int, actor_id: int, kind: str, note_id: int | None = None, comment_id: int | None = None) -> bool:
    """One notification, unless it would reach oneself, cross a block, or come from someone muted."""
    if recipient_id == actor_id:
        return False
    if is_blocked_either_way(recipient_id, actor_id) or is_muted(recipient_id, actor_id):
        return False
    key = f"{kind}:{actor_id}:{note_id or ''}:{comment_id or ''}"
    obj, created = Notification.objects.get_or_create(
        recipient_id=recipient_id,
        dedupe_key=key,
        defaults={
            "actor_id": actor_id,
            "kind": kind,
            "group": GROUP_OF[Notification.Kind(kind)],
            "note_id": note_id,
            "comment_id": comment_id,
        },
    )
    if created:
        emit(NotificationCreated(notification_id=obj.pk, recipient_id=recipient_id))
    return created


def do_mark_read(user: User, group: str | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if group:
        unread = unread.filter(group=group)
    return unread.update(read_at=timezone.now())
