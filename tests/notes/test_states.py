"""Every move between a note's states, allowed or refused, as declared in notes/states.py and as the
actions and moderation carry them out."""

from __future__ import annotations

from itertools import product
from typing import Any

import pytest
from django.utils import timezone

from vermilion.moderation import targets
from vermilion.notes import states
from vermilion.notes.actions import do_delete_note
from vermilion.notes.models import Note

LIFECYCLE = ("draft", "processing", "published", "failed", "deleted")
# (from, to) pairs a note may make; every other pair is refused. Written out here, not derived from
# the module under test, so a change to the rules has to change this table too.
LIFECYCLE_ALLOWED = {
    ("draft", "processing"), ("draft", "published"), ("draft", "failed"), ("draft", "deleted"),
    ("processing", "published"), ("processing", "failed"), ("processing", "deleted"),
    ("failed", "processing"), ("failed", "published"), ("failed", "failed"), ("failed", "deleted"),
    ("published", "deleted"),
}
MODERATION = ("ok", "limited", "held", "removed")
SCREENING_ALLOWED = {
    ("ok", "limited"), ("ok", "held"), ("ok", "removed"),
    ("limited", "held"), ("limited", "removed"),
    ("held", "removed"),
}
MODERATOR_ALLOWED = {(a, b) for a, b in product(MODERATION, MODERATION) if a != b}


@pytest.mark.parametrize(("current", "new"), list(product(LIFECYCLE, LIFECYCLE)))
def test_lifecycle_moves(current: str, new: str) -> None:
    allowed = (current, new) in LIFECYCLE_ALLOWED
    assert states.lifecycle_allows(current, new) is allowed
    if allowed:
        states.check_lifecycle(current, new)
    else:
        with pytest.raises(states.IllegalMove):
            states.check_lifecycle(current, new)


@pytest.mark.parametrize(("current", "new"), list(product(MODERATION, MODERATION)))
@pytest.mark.parametrize("by", [states.SCREENING, states.MODERATOR])
def test_moderation_moves(current: str, new: str, by: str) -> None:
    table = SCREENING_ALLOWED if by == states.SCREENING else MODERATOR_ALLOWED
    assert states.moderation_allows(current, new, by) is ((current, new) in table)
    assert (current in states.moderation_sources(new, by)) is ((current, new) in table)


def test_the_declared_states_are_the_models_choices() -> None:
    assert set(Note.Status.values) | {states.DELETED} == set(LIFECYCLE)
    assert set(Note.Moderation.values) == set(MODERATION)
    assert states.SHOWN_TO_READERS == ("ok", "limited")


@pytest.mark.django_db
@pytest.mark.parametrize(("current", "new"), list(product(MODERATION, MODERATION)))
@pytest.mark.parametrize("by", [states.SCREENING, states.MODERATOR])
def test_moderation_applies_exactly_the_allowed_moves(current: str, new: str, by: str, make_user: Any,
                                                      post_note: Any) -> None:
    """moderation.targets.set_state moves a note only where the table allows, whoever races it."""
    note_id = int(post_note(make_user())["id"])
    Note.objects.filter(pk=note_id).update(moderation=current)
    changed = targets.set_state("note", note_id, new, by=by)
    table = SCREENING_ALLOWED if by == states.SCREENING else MODERATOR_ALLOWED
    assert changed is ((current, new) in table)
    assert Note.objects.get(pk=note_id).moderation == (new if changed else current)


@pytest.mark.django_db
@pytest.mark.parametrize("current", ["draft", "processing", "published", "failed"])
def test_deleting_is_open_from_every_state_and_final(current: str, make_user: Any, post_note: Any) -> None:
    author = make_user()
    note = Note.objects.get(pk=int(post_note(author)["id"]))
    Note.objects.filter(pk=note.pk).update(status=current)
    note.refresh_from_db()
    do_delete_note(author, note)
    assert Note.objects.get(pk=note.pk).deleted_at is not None
    for target in LIFECYCLE:
        assert not states.lifecycle_allows(states.DELETED, target)


@pytest.mark.django_db
def test_a_published_note_cannot_go_back_to_draft_through_publish(make_user: Any, client_for: Any,
                                                                  post_note: Any) -> None:
    author = make_user()
    note = post_note(author)
    answer = client_for(author).post(f"/api/v1/notes/{note['id']}/publish")
    assert answer.status_code == 200 and answer.json()["status"] == "published"
    assert Note.objects.get(pk=int(note["id"])).published_at <= timezone.now()
