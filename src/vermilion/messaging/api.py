"""/api/v1/conversations, /messages and /me/messaging: thin handlers over actions and queries."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Status

from vermilion.accounts.callers import me, reading_region
from vermilion.accounts.queries import user_by_username
from vermilion.accounts.standing import check_scaled_rate
from vermilion.kit.errors import ApiError, not_found
from vermilion.kit.http.auth import signed_in
from vermilion.kit.http.body import openapi_body, optional_body
from vermilion.kit.ids import parse_id

from . import actions, queries
from .models import Message
from .present import messages_payload
from .schemas import (
    ConversationOut,
    ConversationPage,
    ConversationPatch,
    EventsOut,
    MessageIn,
    MessageOut,
    MessagePage,
    OkOut,
    OpenIn,
    PolicyIn,
    PolicyOut,
    ReadIn,
    ReportIn,
    UnreadOut,
)

router = Router(tags=["messages"])


@router.get("/conversations", response=ConversationPage, auth=signed_in)
def list_conversations(request: HttpRequest, box: Literal["inbox", "requests"] = "inbox", cursor: str | None = None,
                       limit: int | None = None) -> dict[str, Any]:
    page = queries.conversations_page(me(request), box, cursor, limit)
    return {**page, "unread": queries.unread_counts(me(request))}


@router.post("/conversations", response={201: ConversationOut, 200: ConversationOut}, auth=signed_in)
def open_conversation(request: HttpRequest, payload: OpenIn) -> Status:
    """Open (or find) the conversation with a user. 201 when it is new."""
    recipient = user_by_username(payload.username)
    if recipient is None:
        raise ApiError("not_found", _("User not found."), status=404)
    side, created = actions.do_open_conversation(me(request), recipient)
    return Status(201 if created else 200, queries.conversation_detail(me(request), side))


@router.get("/conversations/unread", response=UnreadOut, auth=signed_in)
def unread(request: HttpRequest) -> dict[str, int]:
    return queries.unread_counts(me(request))


@router.get("/conversations/{conversation_id}", response=ConversationOut, auth=signed_in)
def get_conversation(request: HttpRequest, conversation_id: str) -> dict[str, Any]:
    return queries.conversation_detail(me(request), queries.side_for(me(request), conversation_id))


@router.patch("/conversations/{conversation_id}", response=ConversationOut, auth=signed_in)
def patch_conversation(request: HttpRequest, conversation_id: str, payload: ConversationPatch) -> dict[str, Any]:
    side = queries.side_for(me(request), conversation_id)
    if payload.muted is not None:
        actions.do_set_muted(side, payload.muted)
    return queries.conversation_detail(me(request), side)


@router.get("/conversations/{conversation_id}/messages", response=MessagePage, auth=signed_in)
def list_messages(request: HttpRequest, conversation_id: str, cursor: str | None = None, limit: int | None = None,
                  after: int | None = None) -> dict[str, Any]:
    side = queries.side_for(me(request), conversation_id)
    return queries.messages_page(me(request), side, reading_region(request, me(request)), cursor, limit, after)


@router.post("/conversations/{conversation_id}/messages", response={201: MessageOut, 200: MessageOut}, auth=signed_in)
def send_message(request: HttpRequest, conversation_id: str, payload: MessageIn) -> Status:
    """Send. With a client_token, a retry answers 200 with the message stored the first time."""
    side = queries.side_for(me(request), conversation_id)
    check_scaled_rate(me(request), "message")
    message, created = actions.do_send_message(me(request), side, body=payload.body, media_id=payload.media_id,
                                               note_id=payload.note_id, client_token=payload.client_token,
                                               region=reading_region(request, me(request)))
    fresh = queries.thread_messages(me(request)).get(pk=message.pk)
    return Status(201 if created else 200, messages_payload([fresh], me(request), reading_region(request, me(request)))[0])


def _register_request_action(name: str) -> None:
    @router.post(f"/conversations/{{conversation_id}}/{name}", response=ConversationOut, auth=signed_in,
                 operation_id=f"{name}_conversation", openapi_extra=openapi_body(ReportIn) if name == "report" else None)
    def act(request: HttpRequest, conversation_id: str) -> dict[str, Any]:
        side = queries.side_for(me(request), conversation_id)
        if name == "accept":
            actions.do_accept(side)
        elif name == "ignore":
            actions.do_ignore(side)
        else:
            actions.do_report(side, optional_body(request, ReportIn).reason)
        return queries.conversation_detail(me(request), side)


for _name in ("accept", "ignore", "report"):
    _register_request_action(_name)


@router.post("/conversations/{conversation_id}/read", response=ConversationOut, auth=signed_in,
             openapi_extra=openapi_body(ReadIn))
def mark_read(request: HttpRequest, conversation_id: str) -> dict[str, Any]:
    side = queries.side_for(me(request), conversation_id)
    actions.do_mark_read(side, optional_body(request, ReadIn).seq)
    return queries.conversation_detail(me(request), side)


@router.delete("/messages/{message_id}", response=OkOut, auth=signed_in)
def hide_message(request: HttpRequest, message_id: str) -> dict[str, Any]:
    """Delete a message for oneself; the other person keeps it."""
    pk = parse_id(message_id)
    message = Message.objects.visible_to(me(request)).filter(pk=pk).first() if pk else None
    if message is None:
        raise not_found()
    actions.do_hide_message(me(request), message)
    return {"ok": True}


@router.get("/events", response=EventsOut, auth=signed_in)
def events(request: HttpRequest, since: str | None = None) -> dict[str, Any]:
    """What happened since an event id: the same catch-up a WebSocket gets on reconnect, for polling."""
    return queries.catch_up(me(request), queries.parse_since(since), reading_region(request, me(request)))


@router.get("/me/messaging", response=PolicyOut, auth=signed_in)
def get_policy(request: HttpRequest) -> dict[str, str]:
    return {"who_can_message": queries.policy_of(me(request).pk)}


@router.patch("/me/messaging", response=PolicyOut, auth=signed_in)
def set_policy(request: HttpRequest, payload: PolicyIn) -> dict[str, str]:
    return {"who_can_message": actions.do_set_policy(me(request), payload.who_can_message)}
