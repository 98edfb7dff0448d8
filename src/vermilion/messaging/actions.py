"""Messaging writes. check_* validates and raises a translated ApiError; do_* changes state and
queues the realtime events for after the commit (events.py)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vermilion.accounts.models import User
from vermilion.accounts.standing import check_may_post
from vermilion.graph.queries import follows, is_blocked_either_way
from vermilion.kit.errors import ApiError, field_error
from vermilion.kit.events import emit
from vermilion.kit.ids import parse_id
from vermilion.kit.text import detect_language
from vermilion.media.actions import mark_attached
from vermilion.media.models import Media
from vermilion.media.queries import owned_ready_image
from vermilion.notes.models import Note

from . import notify, rules
from .events import MessageRequestReported, MessageSent
from .models import Conversation, HiddenMessage, Message, MessagingSettings, Participant, RequestReport
from .queries import policy_of


def _blocked() -> ApiError:
    return ApiError("blocked", _("You cannot message this account."), status=403)


def check_can_reach(sender: User, recipient: User) -> None:
    """May `sender` message `recipient` when the recipient has not accepted them (yet)?"""
    if sender.pk == recipient.pk:
        raise ApiError("cannot_message_self", _("You cannot message yourself."))
    if not recipient.is_active:
        raise ApiError("not_found", _("User not found."), status=404)
    if is_blocked_either_way(sender.pk, recipient.pk):
        raise _blocked()
    policy = policy_of(recipient.pk)
    if policy == MessagingSettings.Policy.NOBODY:
        raise ApiError("messages_closed", _("@%(name)s does not accept messages.") % {"name": recipient.username},
                       status=403)
    if policy == MessagingSettings.Policy.FOLLOWING and not follows(recipient.pk, sender.pk):
        raise ApiError("messages_closed", _("@%(name)s accepts messages only from people they follow.")
                       % {"name": recipient.username}, status=403)


def _side_state(owner_id: int, other_id: int) -> str:
    """Where a conversation from `other` lands for `owner`: the inbox if they follow them, else requests."""
    return Participant.State.ACCEPTED if follows(owner_id, other_id) else Participant.State.REQUEST


def do_open_conversation(sender: User, recipient: User) -> tuple[Participant, bool]:
    """The sender's side of the one conversation between the two, made if needed."""
    low, high = sorted((sender.pk, recipient.pk))
    existing = Participant.objects.filter(conversation__user_low_id=low, conversation__user_high_id=high,
                                          user=sender).select_related("other__avatar").first()
    if existing is not None:
        if is_blocked_either_way(sender.pk, recipient.pk):
            raise _blocked()
        return existing, False
    check_may_post(sender)  # starting a conversation is reaching out: not while restricted
    check_can_reach(sender, recipient)
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create(user_low_id=low, user_high_id=high)
            Participant.objects.bulk_create([
                Participant(conversation=conversation, user=sender, other=recipient, state=Participant.State.ACCEPTED),
                Participant(conversation=conversation, user=recipient, other=sender,
                            state=_side_state(recipient.pk, sender.pk)),
            ])
    except IntegrityError:  # the other person opened it at the same moment
        pass
    side = Participant.objects.select_related("other__avatar").get(
        conversation__user_low_id=low, conversation__user_high_id=high, user=sender)
    return side, True


def check_message(sender: User, body: str, media_id: str | None, note_id: str | None,
                  region: str) -> tuple[str, Media | None, Note | None, str]:
    """(body, media, note, kind) for a message, or a clear error. `region`: where the sender reads
    from (a note can be shared only if they can see it)."""
    body = (body or "").strip()
    if len(body) > rules.max_chars():
        raise field_error("body", "too_long", _("A message can be at most %(count)s characters.")
                          % {"count": rules.max_chars()})
    if media_id and note_id:
        raise ApiError("invalid_message", _("Send a photo or a note, not both in one message."))
    media: Media | None = None
    note: Note | None = None
    kind = Message.Kind.TEXT
    if media_id:
        media = owned_ready_image(sender, media_id)
        if media is None:
            raise field_error("media_id", "invalid_media", _("Upload the photo first, then send its id."))
        kind = Message.Kind.IMAGE
    if note_id:
        pk = parse_id(note_id)
        note = Note.objects.visible_to(sender, region).filter(pk=pk).first() if pk else None
        if note is None:
            raise field_error("note_id", "invalid_note", _("This note is not available."))
        kind = Message.Kind.NOTE
    if not body and media is None and note is None:
        raise field_error("body", "empty_message", _("Write something first."))
    if body:
        rules.check_words(sender, body)
    return body, media, note, kind


def _check_may_send(sender: User, side: Participant, recipient_side: Participant) -> str:
    """The state the recipient's side takes with this message; raises when it may not be sent."""
    recipient = side.other
    if is_blocked_either_way(sender.pk, recipient.pk):
        raise _blocked()
    if recipient_side.state == Participant.State.ACCEPTED or follows(recipient.pk, sender.pk):
        return Participant.State.ACCEPTED
    check_can_reach(sender, recipient)
    sent = Message.objects.filter(conversation_id=side.conversation_id, sender=sender).count()
    if sent >= rules.request_limit():
        raise ApiError("request_pending", _("You can send %(count)s messages until @%(name)s accepts your request.")
                       % {"count": rules.request_limit(), "name": recipient.username}, status=403)
    return recipient_side.state


def do_send_message(sender: User, side: Participant, *, body: str = "", media_id: str | None = None,
                    note_id: str | None = None, client_token: str = "", region: str = "") -> tuple[Message, bool]:
    """Store one message (once, whatever the retries) and queue its delivery. (message, created)."""
    client_token = (client_token or "").strip()[:64]
    if client_token:
        again = Message.objects.filter(sender=sender, client_token=client_token).first()
        if again is not None:
            return _same_conversation(again, side), False
    check_may_post(sender)
    body, media, note, kind = check_message(sender, body, media_id, note_id, region)
    recipient_side = Participant.objects.get(conversation_id=side.conversation_id, user_id=side.other_id)
    new_state = _check_may_send(sender, side, recipient_side)
    try:
        with transaction.atomic():
            message = _insert(side, sender, kind, body, media, note, client_token)
    except IntegrityError:  # the same client token raced in from a retry
        return _same_conversation(Message.objects.get(sender=sender, client_token=client_token), side), False
    Participant.objects.filter(pk=side.pk).update(
        last_message_id=message.pk, last_read_seq=message.seq, unread_count=0, state=Participant.State.ACCEPTED)
    Participant.objects.filter(pk=recipient_side.pk).update(
        last_message_id=message.pk, unread_count=F("unread_count") + 1, state=new_state)
    if media is not None:
        mark_attached([media])
    notify.message_sent(message.pk)
    emit(MessageSent(message_id=message.pk, conversation_id=message.conversation_id, sender_id=sender.pk,
                     has_content=bool(body or media is not None)))
    return message, True


def _same_conversation(message: Message, side: Participant) -> Message:
    """A retry found the message its client token already made: the same one, if the sender can
    still see it there."""
    if message.conversation_id != side.conversation_id:
        raise ApiError("client_token_reused", _("This client token was already used for another conversation."),
                       status=409)
    if HiddenMessage.objects.filter(message=message, user_id=message.sender_id).exists():
        raise ApiError("client_token_reused", _("This client token was already used for a message you deleted."),
                       status=409)
    return message


def _insert(side: Participant, sender: User, kind: str, body: str, media: Media | None, note: Note | None,
            token: str) -> Message:
    # Taking the next number updates the conversation row, which holds its lock until commit:
    # concurrent senders queue here, so seq order is commit order.
    now = timezone.now()
    Conversation.objects.filter(pk=side.conversation_id).update(last_seq=F("last_seq") + 1, last_message_at=now)
    seq = Conversation.objects.filter(pk=side.conversation_id).values_list("last_seq", flat=True).get()
    return Message.objects.create(conversation_id=side.conversation_id, seq=seq, sender=sender, kind=kind, body=body,
                                  language=detect_language(body), media=media, note=note, client_token=token)


def do_accept(side: Participant) -> None:
    if side.state != Participant.State.ACCEPTED:
        Participant.objects.filter(pk=side.pk).update(state=Participant.State.ACCEPTED)
        side.state = Participant.State.ACCEPTED
        notify.conversation_changed(side)


def do_ignore(side: Participant) -> None:
    """Dismiss a request: it leaves the requests inbox and never notifies again."""
    if side.state == Participant.State.ACCEPTED:
        raise ApiError("not_a_request", _("Only message requests can be ignored."))
    if side.state != Participant.State.IGNORED:
        Participant.objects.filter(pk=side.pk).update(state=Participant.State.IGNORED, unread_count=0)
        side.state = Participant.State.IGNORED
        notify.conversation_changed(side)


def do_report(side: Participant, reason: str = "") -> None:
    """Report a request and ignore it. The report goes into the moderation app's case on the sender's
    account (one case however many people report them); RequestReport only remembers the request was
    reported, so a second click is a no-op."""
    if side.state == Participant.State.ACCEPTED:
        raise ApiError("not_a_request", _("Only message requests can be reported here."))
    _report, created = RequestReport.objects.get_or_create(
        reporter_id=side.user_id, conversation_id=side.conversation_id,
        defaults={"reported_id": side.other_id, "reason": reason.strip()[:300]})
    if created:
        emit(MessageRequestReported(reporter_id=side.user_id, reported_id=side.other_id,
                                    conversation_id=side.conversation_id, reason=reason))
    do_ignore(side)


def do_mark_read(side: Participant, up_to_seq: int | None = None) -> int:
    """Read up to a seq (default: everything); never moves the read mark backwards."""
    last = Conversation.objects.filter(pk=side.conversation_id).values_list("last_seq", flat=True).get()
    seq = last if up_to_seq is None else max(0, min(up_to_seq, last))
    if seq <= side.last_read_seq:
        return side.last_read_seq
    unread = Message.objects.filter(conversation_id=side.conversation_id, seq__gt=seq).exclude(
        sender_id=side.user_id).count()
    Participant.objects.filter(pk=side.pk).update(last_read_seq=seq, unread_count=unread)
    side.last_read_seq, side.unread_count = seq, unread
    notify.read(side)
    return seq


def do_set_muted(side: Participant, muted: bool) -> None:
    Participant.objects.filter(pk=side.pk).update(muted=muted)
    side.muted = muted


def do_hide_message(user: User, message: Message) -> bool:
    """Delete a message for oneself. Idempotent: the unique constraint keeps one row."""
    _row, created = HiddenMessage.objects.get_or_create(message=message, user=user)
    if created:
        notify.message_hidden(user.pk, message)
    return created


def do_set_policy(user: User, who_can_message: str) -> str:
    if who_can_message not in MessagingSettings.Policy.values:
        raise field_error("who_can_message", "invalid_choice", _("Choose everyone, people I follow, or nobody."))
    MessagingSettings.objects.update_or_create(user=user, defaults={"who_can_message": who_can_message})
    return who_can_message
