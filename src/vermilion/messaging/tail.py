"""Notifications made in another process, pushed to this process's sockets (in-memory layer only).

With channels-redis every process reaches every socket, and the task worker's own push (receivers.py)
does the job. The embedded default runs the worker as a second process with an in-memory layer
that reaches nothing, so the web process looks for new notification rows of the people connected
to it, every VERMILION_REALTIME_TAIL_SECONDS, and pushes those itself. One indexed query per
interval per process, whatever the number of sockets; it runs only while someone is connected.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from typing import Any

from channels.db import database_sync_to_async
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.conf import settings

from vermilion.kit.ids import id_for_time
from vermilion.notifications.models import Notification

from .notify import notification_event
from .push import Push, plain, user_group

log = logging.getLogger(__name__)

_connected: Counter[int] = Counter()
_task: asyncio.Task[None] | None = None
# Rows committed out of id order are found by looking back this far; `seen` drops repeats.
LOOK_BACK_SECONDS = 10.0


def enabled() -> bool:
    interval = float(getattr(settings, "VERMILION_REALTIME_TAIL_SECONDS", 0) or 0)
    return interval > 0 and isinstance(get_channel_layer(), InMemoryChannelLayer)


def connected(user_id: int) -> None:
    global _task
    _connected[user_id] += 1
    if (_task is None or _task.done()) and enabled():
        _task = asyncio.get_running_loop().create_task(_run(float(settings.VERMILION_REALTIME_TAIL_SECONDS)))


def disconnected(user_id: int) -> None:
    _connected[user_id] -= 1
    if _connected[user_id] <= 0:
        del _connected[user_id]


def _new_notifications(floor: int, user_ids: list[int], seen: dict[int, float]) -> list[tuple[int, int, Push]]:
    rows = (Notification.objects.filter(pk__gt=floor, recipient_id__in=user_ids).exclude(pk__in=list(seen))
            .select_related("recipient", "actor__avatar", "note", "comment").order_by("pk")[:500])
    return [(n.pk, n.recipient_id, plain(notification_event(n))) for n in rows]


async def _run(interval: float) -> None:
    layer: Any = get_channel_layer()
    seen: dict[int, float] = {}
    started = time.time()
    while _connected:
        await asyncio.sleep(interval)
        now = time.time()
        floor = id_for_time(max(started, now - LOOK_BACK_SECONDS))
        seen = {pk: at for pk, at in seen.items() if at > now - 2 * LOOK_BACK_SECONDS}
        try:
            found = await database_sync_to_async(_new_notifications)(floor, list(_connected), seen)
            for pk, user_id, event in found:
                seen[pk] = now
                await layer.group_send(user_group(user_id), {"type": "rt.event", "event": event})
        except Exception:  # keep tailing: a failed round is retried by the next one
            log.warning("notification tail failed", exc_info=True)
