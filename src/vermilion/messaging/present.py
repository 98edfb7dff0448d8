"""Conversations and messages as clients see them (API, WebSocket events and the web page alike)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from vermilion.accounts.models import User
from vermilion.accounts.present import author_payload
from vermilion.media.present import media_payload
from vermilion.notes import states
from vermilion.notes.models import Note
from vermilion.notes.present import note_cards, with_card_relations

from .models import Message, Participant


def shared_notes(messages: Iterable[Message], viewer: User, region: str) -> dict[int, dict[str, Any]]:
    """Cards of the notes shared in these messages that the viewer may see (reading from `region`),
    in two queries."""
    ids = {m.note_id for m in messages if m.note_id}
    if not ids:
        return {}
    notes = list(with_card_relations(Note.objects.visible_to(viewer, region).filter(pk__in=ids)))
    return {int(card["id"]): card for card in note_cards(notes, viewer)}


def message_payload(message: Message, viewer: User, notes: dict[int, dict[str, Any]]) -> dict[str, Any]:
    mine = message.sender_id == viewer.pk
    note: dict[str, Any] | None = None
    if message.kind == Message.Kind.NOTE:
        # A note the reader may not see (private, deleted, its author blocks them) is a stub.
        note = notes.get(message.note_id or 0) or {"id": None, "unavailable": True}
    return {
        "id": str(message.pk),
        "conversation_id": str(message.conversation_id),
        "seq": message.seq,
        "kind": message.kind,
        "sender": author_payload(message.sender),
        "mine": mine,
        "body": message.body,
        "language": message.language or None,
        "media": media_payload(message.media) if message.media_id and message.media else None,
        "note": note,
        "created_at": message.created_at,
        # Lets the sending tab match its own pending bubble; nobody else needs it.
        "client_token": (message.client_token or None) if mine else None,
    }


def messages_payload(messages: list[Message], viewer: User, region: str) -> list[dict[str, Any]]:
    notes = shared_notes(messages, viewer, region)
    return [message_payload(m, viewer, notes) for m in messages]


def preview(message: Message | None) -> str:
    if message is None:
        return ""
    if message.kind == Message.Kind.IMAGE:
        return message.body[:80] or _("[Photo]")
    if message.kind == Message.Kind.NOTE:
        return _("[Note] %(title)s") % {"title": message.note.title if message.note_id and message.note else "…"}
    return message.body[:80]


def conversation_payload(side: Participant, last: Message | None) -> dict[str, Any]:
    muted_user = bool(getattr(side, "other_muted", False))
    return {
        "id": str(side.conversation_id),
        "other": author_payload(side.other),
        "box": "requests" if side.state == Participant.State.REQUEST else "inbox",
        "state": side.state,
        "muted": side.muted or muted_user,
        "unread": side.unread_count,
        "last_read_seq": side.last_read_seq,
        # Up to where the other person has read: the thread marks one's own messages as read.
        "other_read_seq": getattr(side, "other_read_seq", None) or 0,
        "last_message": {
            "id": str(last.pk),
            "seq": last.seq,
            "kind": last.kind,
            "mine": last.sender_id == side.user_id,
            # A message held by screening is not previewed to its recipient (moderation app).
            "preview": "" if last.moderation != states.OK and last.sender_id != side.user_id else preview(last),
            "created_at": last.created_at,
        } if last else None,
        "last_message_at": last.created_at if last else None,
    }
