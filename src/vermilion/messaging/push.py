"""Realtime events to a person's open tabs, through the channel layer, sent only after commit.

Every person has one group, `user.<id>`, that each of their WebSocket connections joins. Delivery
is at most once and best-effort: a tab that was away catches up from the database (the rows are
the truth; events only say "look, something new"), so a failed send is logged, never raised.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

log = logging.getLogger(__name__)

Push = dict[str, Any]


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def plain(event: Push) -> Push:
    """The event as JSON types (times as ISO 8601, like the API): what any layer can carry."""
    plain_event: Push = json.loads(json.dumps(event, cls=DjangoJSONEncoder))
    return plain_event


def send_now(deliveries: Iterable[tuple[int, Push]]) -> None:
    """Send each (user id, event) now; for callers that already committed."""
    layer = get_channel_layer()
    batch = [(user_id, plain(event)) for user_id, event in deliveries]
    if layer is None or not batch:
        return

    async def fan_out() -> None:
        for user_id, event in batch:
            await layer.group_send(user_group(user_id), {"type": "rt.event", "event": event})

    try:
        async_to_sync(fan_out)()
    except Exception:  # the layer is down or full: clients catch up on reconnect or by polling
        log.warning("realtime delivery failed", exc_info=True)


def token_group(token_id: int) -> str:
    return f"token.{token_id}"


def session_group(digest: str) -> str:
    return f"session.{digest}"


def close_sockets(group: str, reason: str) -> None:
    """Close every socket in a group now (they were signed out); best-effort like every push, and
    each socket also re-checks its sign-in before each delivery (consumers.py)."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, {"type": "rt.close", "reason": reason})
    except Exception:
        log.warning("could not close the sockets of %s", group, exc_info=True)


def send_on_commit(build: Callable[[], Iterable[tuple[int, Push]]]) -> None:
    """Build the events after the transaction committed (they read committed rows) and send them."""
    transaction.on_commit(lambda: send_now(build()))
