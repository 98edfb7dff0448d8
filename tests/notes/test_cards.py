"""The two ways a list reads cards (model instances, or plain rows for Discover's slices) agree."""

from __future__ import annotations

import pytest

from vermilion.notes.models import Note
from vermilion.notes.present import cards_by_id, note_cards, with_card_relations

pytestmark = pytest.mark.django_db(transaction=True)


def test_cards_from_rows_are_the_cards_from_models(make_user, post_note, client_for, ready_image):
    author, reader = make_user("author"), make_user("reader")
    with_photo = post_note(author, title="with a photo", body="cat tax #猫税")
    plain = Note.objects.create(author=author, title="no photo", body="words only", status="published")
    client_for(reader).post(f"/api/v1/notes/{with_photo['id']}/like")
    ids = [int(with_photo["id"]), plain.pk]
    from_models = note_cards(with_card_relations(Note.objects.filter(pk__in=ids)).order_by("-pk"), reader)
    from_rows = cards_by_id(ids, {int(with_photo["id"])})
    assert [from_rows[int(card["id"])] for card in from_models] == from_models
    assert from_rows[int(with_photo["id"])]["cover"]["urls"] and from_rows[plain.pk]["cover"] is None
    assert cards_by_id([], set()) == {}
