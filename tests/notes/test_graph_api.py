from __future__ import annotations

import pytest

from tests.conftest import ApiClient
from vermilion.graph.models import Follow

pytestmark = pytest.mark.django_db


def test_follow_unfollow_counts(make_user, client_for):
    a, b = make_user("alice"), make_user("bob")
    api = client_for(a)
    relation = api.post("/api/v1/users/bob/follow").json()
    assert relation["following"] is True
    api.post("/api/v1/users/bob/follow")
    assert Follow.objects.count() == 1
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.following_count, b.followers_count) == (1, 1)
    profile = api.get("/api/v1/users/bob").json()
    assert profile["viewer"]["following"] is True
    assert [p["username"] for p in ApiClient().get("/api/v1/users/bob/followers").json()["items"]] == ["alice"]
    api.delete("/api/v1/users/bob/follow")
    api.delete("/api/v1/users/bob/follow")
    b.refresh_from_db()
    assert b.followers_count == 0


def test_cannot_follow_block_or_mute_yourself(make_user, client_for):
    user = make_user("alice")
    api = client_for(user)
    for kind in ("follow", "block", "mute"):
        response = api.post(f"/api/v1/users/alice/{kind}")
        assert response.status_code == 400
        assert response.json()["error"]["code"] == f"cannot_{kind}_self"
    assert api.post("/api/v1/users/nobody/follow").status_code == 404


def test_block_hides_both_sides_and_cuts_follows(make_user, post_note, client_for):
    a, b = make_user("alice"), make_user("bob")
    note_a, note_b = post_note(a), post_note(b)
    client_for(a).post("/api/v1/users/bob/follow")
    client_for(b).post("/api/v1/users/alice/follow")
    client_for(a).post("/api/v1/users/bob/block")
    assert Follow.objects.count() == 0
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.followers_count, a.following_count, b.followers_count, b.following_count) == (0, 0, 0, 0)
    assert client_for(a).get(f"/api/v1/notes/{note_b['id']}").status_code == 404
    assert client_for(b).get(f"/api/v1/notes/{note_a['id']}").status_code == 404
    refused = client_for(b).post("/api/v1/users/alice/follow")
    assert refused.status_code == 403
    assert [p["username"] for p in client_for(a).get("/api/v1/me/blocked").json()["items"]] == ["bob"]
    client_for(a).delete("/api/v1/users/bob/block")
    assert client_for(b).get(f"/api/v1/notes/{note_a['id']}").status_code == 200


def test_block_hides_comments(make_user, post_note, client_for):
    a, b, c = make_user("alice"), make_user("bob"), make_user("carol")
    note = post_note(c)
    client_for(b).post(f"/api/v1/notes/{note['id']}/comments", {"body": "from bob"})
    client_for(a).post("/api/v1/users/bob/block")
    assert client_for(a).get(f"/api/v1/notes/{note['id']}/comments").json()["items"] == []
    assert len(ApiClient().get(f"/api/v1/notes/{note['id']}/comments").json()["items"]) == 1


def test_mute_hides_silently(make_user, post_note, client_for):
    a, b = make_user("alice"), make_user("bob")
    note = post_note(b)
    client_for(a).post("/api/v1/users/bob/mute")
    assert client_for(a).get(f"/api/v1/notes/{note['id']}").status_code == 404
    # Bob is not told and still sees everything of Alice's.
    assert client_for(b).get("/api/v1/users/alice").json()["viewer"]["muting"] is False
