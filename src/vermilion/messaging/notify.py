"""The realtime events messaging sends, built after commit from committed rows (see events.py)."""

from __future__ import annotations

from vermilion.graph.queries import is_muted
from vermilion.notifications.events import NotificationCreated
from vermilion.notifications.models import Notification
from vermilion.notifications.queries import cover_urls, notification_payload
from vermilion.notifications.queries import unread_counts as notification_counts

from .models import Message, Participant
from .present import messages_payload
from .push import Push, send_now, send_on_commit
from .queries import unread_counts


def _box(state: str) -> str:
    return "requests" if state == Participant.State.REQUEST else "inbox"


def message_sent(message_id: int) -> None:
    def build() -> list[tuple[int, Push]]:
        message = Message.objects.select_related("sender__avatar", "media").filter(pk=message_id).first()
        if message is None:
            return []
        out: list[tuple[int, Push]] = []
        for side in Participant.objects.filter(conversation_id=message.conversation_id).select_related("user"):
            mine = side.user_id == message.sender_id
            if side.state == Participant.State.IGNORED and not mine:
                continue  # an ignored request stays silent
            quiet = mine or side.muted or is_muted(side.user_id, side.other_id)
            out.append((side.user_id, {
                "type": "message",
                "id": str(message.pk),
                "conversation_id": str(message.conversation_id),
                "box": _box(side.state),
                "notify": not quiet,
                # Pushed outside any request: regional rules apply where their account was made.
                "message": messages_payload([message], side.user, side.user.ip_region)[0],
                "unread": {"messages": unread_counts(side.user)},
            }))
        return out

    send_on_commit(build)


def read(side: Participant) -> None:
    conversation_id, seq = str(side.conversation_id), side.last_read_seq

    def build() -> list[tuple[int, Push]]:
        mine: Push = {"type": "read", "conversation_id": conversation_id, "by_me": True, "seq": seq,
                       "unread": {"messages": unread_counts(side.user)}}
        theirs: Push = {"type": "read", "conversation_id": conversation_id, "by_me": False, "seq": seq}
        return [(side.user_id, mine), (side.other_id, theirs)]

    send_on_commit(build)


def conversation_changed(side: Participant) -> None:
    def build() -> list[tuple[int, Push]]:
        return [(side.user_id, {"type": "conversation", "conversation_id": str(side.conversation_id),
                                "state": side.state, "unread": {"messages": unread_counts(side.user)}})]

    send_on_commit(build)


def message_hidden(user_id: int, message: Message) -> None:
    event: Push = {"type": "hidden", "conversation_id": str(message.conversation_id), "message_id": str(message.pk)}
    send_on_commit(lambda: [(user_id, event)])


def notification_event(notification: Notification) -> Push:
    covers = cover_urls([notification.note_id] if notification.note_id else [])
    return {"type": "notification", "id": str(notification.pk),
            "notification": notification_payload(notification, covers),
            "unread": {"notifications": notification_counts(notification.recipient)}}


def push_notification(event: NotificationCreated) -> None:
    """A new notification reaches its recipient's open tabs (a local subscriber: after the commit,
    in the process that made it). In the embedded default the task worker is another process whose
    in-memory layer reaches no socket; the web process's tail (tail.py) covers that."""
    found = Notification.objects.select_related("recipient", "actor__avatar", "note", "comment") \
        .filter(pk=event.notification_id).first()
    if found is not None:
        send_now([(found.recipient_id, notification_event(found))])
