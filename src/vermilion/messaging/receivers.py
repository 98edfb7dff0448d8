"""Messaging listens to notifications: a new one is pushed to the recipient's open tabs."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from vermilion.notifications.signals import notification_created


@receiver(notification_created)
def _push_notification(sender: Any, notification_id: int, **kwargs: Any) -> None:
    from vermilion.notifications.models import Notification

    from .events import send_now
    from .notify import notification_event

    # Sent after the notification committed. In the embedded default the task worker is another
    # process whose in-memory layer reaches no socket; the web process's tail (tail.py) covers that.
    found = Notification.objects.select_related("recipient", "actor__avatar", "note", "comment") \
        .filter(pk=notification_id).first()
    if found is not None:
        send_now([(found.recipient_id, notification_event(found))])
