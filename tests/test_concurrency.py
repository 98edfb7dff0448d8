"""Races the database must settle: the same name signed up twice at once, a double-tapped like.

Real threads with their own connections, so on PostgreSQL (CI) the unique constraints decide.
"""

from __future__ import annotations

import pytest

from tests.conftest import ApiClient, race
from vermilion.accounts.models import User
from vermilion.notes.models import Like, Note

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_signups_make_one_account():
    def signup() -> int:
        return ApiClient().post("/api/v1/auth/signup", {"username": "racer", "password": "a-long-secret-1"}).status_code

    codes = race([signup for _ in range(4)])
    assert sorted(codes).count(201) == 1
    assert all(code in (201, 409) for code in codes)
    assert User.objects.filter(username__iexact="racer").count() == 1


def test_concurrent_likes_count_once(make_user, post_note, client_for):
    author, fan = make_user(), make_user()
    note = post_note(author)
    token = client_for(fan).token

    def like() -> int:
        return ApiClient(token=token).post(f"/api/v1/notes/{note['id']}/like").status_code

    codes = race([like for _ in range(4)])
    assert codes == [200, 200, 200, 200]
    assert Like.objects.count() == 1
    assert Note.objects.get().likes_count == 1
    author.refresh_from_db()
    assert author.likes_received_count == 1
