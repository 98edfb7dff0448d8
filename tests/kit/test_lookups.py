"""`__any`: the same rows as `__in`, with the whole list bound as one parameter."""

from __future__ import annotations

import pytest

from vermilion.accounts.models import User

pytestmark = pytest.mark.django_db


def test_any_matches_in_on_primary_and_foreign_keys(make_user, post_note):
    users = [make_user(f"any{i}") for i in range(4)]
    notes = [post_note(u) for u in users]
    wanted = [users[0].pk, users[2].pk, 12345]  # an id that does not exist is simply not found
    assert set(User.objects.filter(pk__any=wanted)) == set(User.objects.filter(pk__in=wanted)) == {users[0], users[2]}

    from vermilion.notes.models import Note

    by_author = Note.objects.filter(author_id__any=[users[1].pk, users[3].pk]).values_list("pk", flat=True)
    assert sorted(by_author) == sorted(int(n["id"]) for n in (notes[1], notes[3]))
    assert list(User.objects.filter(pk__any=[])) == []


def test_a_long_list_is_one_parameter(make_user):
    user = make_user("needle")
    haystack = [*range(1, 5000), user.pk]
    found = User.objects.filter(pk__any=haystack)
    assert list(found) == [user]
    _sql, params = found.query.sql_with_params()
    assert len(params) == 1  # one bound value for the whole list, not one per id


def test_bad_values_are_refused_before_the_database(make_user):
    make_user()
    with pytest.raises(ValueError):
        list(User.objects.filter(pk__any=["1; DROP TABLE accounts_user"]))
