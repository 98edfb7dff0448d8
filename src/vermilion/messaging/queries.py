"""Reads of messaging: a person's conversations, a thread's messages, unread counts, catch-up."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from vermilion.accounts.models import User
from vermilion.graph.models import Mute
from vermilion.graph.queries import muted_by_q
from vermilion.kit.errors import ApiError, not_found
from vermilion.kit.ids import EPOCH_MS, id_for_time, parse_id
from vermilion.kit.pagination import clamp_limit, keyset_page
from vermilion.notifications.models import Notification
from vermilion.notifications.queries import cover_urls, notification_payload
from vermilion.notifications.queries import unread_counts as notification_counts

from . import rules
from .models import Message, MessagingSettings, Participant
from .present import conversation_payload, messages_payload

# How far the id a client last saw is from ids made CATCH_UP_OVERLAP_MS earlier.
_OVERLAP_IDS = id_for_time((EPOCH_MS + rules.CATCH_UP_OVERLAP_MS) / 1000)


def side_for(user: User, conversation_id: str) -> Participant:
    """The user's side of a conversation they may see; 404 for anything else (foreign, blocked, bogus)."""
    pk = parse_id(conversation_id)
    side = Participant.objects.visible_to(user).filter(conversation_id=pk).select_related("other__avatar").first() \
        if pk else None
    if side is None:
        raise not_found(_("Conversation"))
    return side


def _listed(user: User) -> QuerySet[Participant]:
    other_side = Participant.objects.filter(conversation_id=OuterRef("conversation_id"), user_id=OuterRef("other_id"))
    last_visible = Message.objects.visible_to(user).filter(conversation_id=OuterRef("conversation_id")).order_by("-seq")
    return (
        Participant.objects.visible_to(user)
        .filter(last_message_id__isnull=False)
        .select_related("other__avatar")
        .annotate(
            other_read_seq=Subquery(other_side.values("last_read_seq")[:1]),
            last_visible_id=Subquery(last_visible.values("pk")[:1]),
            other_muted=Exists(Mute.objects.filter(muter_id=user.pk, muted_id=OuterRef("other_id"))),
        )
    )


def conversations_page(user: User, box: str, cursor: str | None, limit: int | None) -> dict[str, Any]:
    """Newest first. `inbox`: accepted conversations; `requests`: strangers waiting for an answer."""
    state = Participant.State.REQUEST if box == "requests" else Participant.State.ACCEPTED
    sides, next_cursor = keyset_page(_listed(user).filter(state=state), cursor, f"conversations:{box}", limit,
                                     field="last_message_id")
    last_ids = [getattr(s, "last_visible_id", None) or 0 for s in sides]  # annotated by _listed
    lasts = {m.pk: m for m in Message.objects.filter(pk__in=last_ids).select_related("note")}
    items = [conversation_payload(s, lasts.get(pk)) for s, pk in zip(sides, last_ids, strict=True)]
    return {"items": items, "next_cursor": next_cursor}


def conversation_detail(user: User, side: Participant) -> dict[str, Any]:
    found = _listed(user).filter(pk=side.pk).first()
    if found is None:  # no message yet: nothing to list, but the thread exists
        return conversation_payload(side, None)
    last = Message.objects.filter(pk=getattr(found, "last_visible_id", None) or 0).select_related("note").first()
    return conversation_payload(found, last)


def thread_messages(user: User) -> QuerySet[Message]:
    return Message.objects.visible_to(user).select_related("sender__avatar", "media")


def messages_page(user: User, side: Participant, region: str, cursor: str | None, limit: int | None,
                  after: int | None = None) -> dict[str, Any]:
    """Newest first by `seq`, paged backwards with a cursor; or, with `after`, what came after a seq
    (oldest first), which is how a polling client asks for new messages."""
    rows = thread_messages(user).filter(conversation_id=side.conversation_id)
    if after is not None:
        size = clamp_limit(limit, default=30, maximum=100)
        found = list(rows.filter(seq__gt=after).order_by("seq")[: size + 1])
        more = len(found) > size
        found = found[:size]
        return {"items": messages_payload(found, user, region), "next_cursor": None, "more_after": more}
    found, next_cursor = keyset_page(rows, cursor, f"messages:{side.conversation_id}", limit, field="seq",
                                     default=30, maximum=100)
    return {"items": messages_payload(found, user, region), "next_cursor": next_cursor}


def unread_counts(user: User) -> dict[str, int]:
    """Badge numbers. Muted conversations (and people the user muted) do not count."""
    sides = Participant.objects.visible_to(user).filter(last_message_id__isnull=False)
    quiet = Q(muted=True) | muted_by_q(user.pk, "other")
    messages = sides.filter(state=Participant.State.ACCEPTED).exclude(quiet).aggregate(n=Sum("unread_count"))["n"]
    requests = sides.filter(state=Participant.State.REQUEST, unread_count__gt=0).exclude(quiet).count()
    return {"messages": int(messages or 0), "requests": requests, "total": int(messages or 0) + requests}


def policy_of(user_id: int) -> str:
    row = MessagingSettings.objects.filter(user_id=user_id).values_list("who_can_message", flat=True).first()
    return row or MessagingSettings.Policy.EVERYONE


def parse_since(value: Any) -> int:
    """The id a reconnecting client last saw; 0 (nothing) when it has none."""
    if value in (None, "", 0, "0"):
        return 0
    pk = parse_id(str(value))
    if pk is None:
        raise ApiError("invalid_since", _("The last seen id is invalid."))
    return pk


def catch_up(user: User, since: int, region: str) -> dict[str, Any]:
    """What a client missed since the id it last saw: messages and notifications, oldest first.

    Looks a little further back than `since` (rules.CATCH_UP_OVERLAP_MS) so a message that
    committed late is not skipped; clients drop ids they already have. `complete` is False when
    more was missed than one answer carries: the client then reloads its lists instead.
    """
    unread = {"messages": unread_counts(user), "notifications": notification_counts(user)}
    if not since:  # a first connection has nothing to catch up on: the page loaded the lists
        return {"events": [], "complete": True, "unread": unread}
    floor = max(0, since - _OVERLAP_IDS)
    ignored = Participant.objects.filter(user=user, state=Participant.State.IGNORED).values("conversation_id")
    limit = rules.CATCH_UP_LIMIT
    messages = list(thread_messages(user).filter(pk__gt=floor).exclude(conversation_id__in=ignored)
                    .order_by("pk")[: limit + 1])
    notifications = list(Notification.objects.filter(recipient=user, pk__gt=floor)
                         .select_related("actor__avatar", "note", "comment").order_by("pk")[: limit + 1])
    complete = len(messages) <= limit and len(notifications) <= limit
    messages, notifications = messages[:limit], notifications[:limit]
    boxes = dict(Participant.objects.filter(user=user, conversation_id__in={m.conversation_id for m in messages})
                 .values_list("conversation_id", "state"))
    events = [{"type": "message", "id": p["id"], "conversation_id": p["conversation_id"],
               "box": "requests" if boxes.get(int(p["conversation_id"])) == Participant.State.REQUEST else "inbox",
               "message": p} for p in messages_payload(messages, user, region)]
    covers = cover_urls([n.note_id for n in notifications if n.note_id])
    events += [{"type": "notification", "id": str(n.pk), "notification": notification_payload(n, covers)}
               for n in notifications]
    events.sort(key=lambda e: int(e["id"]))
    return {"events": events, "complete": complete, "unread": unread}
