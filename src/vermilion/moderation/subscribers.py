"""What trust and safety does when others change things (durable subscribers, vermilion/wiring/connections.py):
published or edited notes, new comments and messages, and changed profile texts are screened; a
sign-up is checked against velocity and look-alike bursts; a reported message request becomes a
report on the sender's account."""

from __future__ import annotations

from vermilion.accounts.events import AccountChanged, AccountCreated
from vermilion.accounts.models import User
from vermilion.messaging.events import MessageRequestReported, MessageSent
from vermilion.notes.events import CommentPosted, NoteChanged, NotePublished

from .actions import report_message_request
from .integrity import record_signup
from .models import Target
from .tasks import screen

# Profile fields worth a screening; logins and counters change others (and an unchanged profile's
# digest makes a screening a no-op anyway).
_PROFILE_TEXT = frozenset({"bio", "display_name", "avatar"})


def screen_note(event: NotePublished | NoteChanged) -> None:
    if isinstance(event, NoteChanged) and not event.published:
        return  # drafts are screened when they are published
    screen(Target.NOTE, event.note_id)


def screen_comment(event: CommentPosted) -> None:
    screen(Target.COMMENT, event.comment_id)


def screen_message(event: MessageSent) -> None:
    if event.has_content:
        screen(Target.MESSAGE, event.message_id)


def screen_profile(event: AccountChanged) -> None:
    if not _PROFILE_TEXT & set(event.fields):
        return
    user = User.objects.filter(pk=event.user_id).first()
    if user is not None and (user.bio or user.display_name or user.avatar_id):
        screen(Target.PROFILE, user.pk)


def check_signup(event: AccountCreated) -> None:
    user = User.objects.filter(pk=event.user_id).first()
    if user is not None:
        record_signup(user, event.network, event.address_digest)


def file_request_report(event: MessageRequestReported) -> None:
    reporter = User.objects.filter(pk=event.reporter_id).first()
    if reporter is not None:
        report_message_request(reporter, event.reported_id, event.conversation_id, event.reason)
