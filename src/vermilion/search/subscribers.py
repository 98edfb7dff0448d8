"""What search does when others change things (durable subscribers, vermilion/wiring/connections.py): a
published or edited note is (re)indexed, a deleted one leaves the index, a person's names follow
their profile. A note's meaning needs nothing here: notes newer than the saved vector index are
compared exactly until the periodic update_vector_index takes them in."""

from __future__ import annotations

from vermilion.accounts.events import AccountChanged, AccountCreated
from vermilion.accounts.models import User
from vermilion.notes.events import NoteChanged, NotePublished, NoteRemoved

from .actions import do_forget_note, do_index_note, do_index_person

# Fields that change how a person is found; counters and sign-in times do not.
_FINDABLE = frozenset({"username", "display_name", "is_active"})


def index_note(event: NotePublished | NoteChanged) -> None:
    do_index_note(event.note_id)  # a note that is not published (any more) leaves the index


def forget_note(event: NoteRemoved) -> None:
    do_forget_note(event.note_id)


def index_person(event: AccountCreated | AccountChanged) -> None:
    if isinstance(event, AccountChanged) and not _FINDABLE & set(event.fields):
        return
    user = User.objects.filter(pk=event.user_id).first()
    if user is not None:
        do_index_person(user)
