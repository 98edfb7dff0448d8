from __future__ import annotations

import pytest

from vermilion.accounts.models import User

pytestmark = pytest.mark.django_db


def test_patch_me_updates_profile(make_user, client_for):
    user = make_user("mei")
    api = client_for(user)
    response = api.patch("/api/v1/me", {
        "display_name": "美美", "bio": "广州 · 做饭", "languages": ["zh", "yue"],
        "learning_languages": ["en"], "interests": ["food", "travel"], "ui_language": "zh-hans",
    })
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["display_name"] == "美美"
    assert body["languages"] == ["zh", "yue"]
    assert body["learning_languages"] == ["en"]
    assert body["interests"] == ["food", "travel"]
    user.refresh_from_db()
    assert user.ui_language == "zh-hans"


@pytest.mark.parametrize(
    ("payload", "field", "code"),
    [
        ({"display_name": "x" * 25}, "display_name", "too_long"),
        ({"bio": "y" * 201}, "bio", "too_long"),
        ({"languages": ["xx"]}, "languages", "unknown_choice"),
        ({"interests": ["food", "nope"]}, "interests", "unknown_choice"),
        ({"ui_language": "fr"}, "language", "unknown_language"),
        ({"avatar_media_id": "123"}, "avatar_media_id", "invalid_media"),
        ({"avatar_media_id": "not-an-id"}, "avatar_media_id", "invalid_media"),
    ],
)
def test_bad_profile_edits_change_nothing(make_user, client_for, payload, field, code):
    user = make_user("mei", display_name="Mei", bio="hello")
    api = client_for(user)
    # A valid field sent together with the bad one must not be saved either.
    response = api.patch("/api/v1/me", {"display_name": "Changed", **payload})
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == code
    assert field in error["fields"]
    user.refresh_from_db()
    assert (user.display_name, user.bio) == ("Mei", "hello")


def test_empty_patch_is_400(make_user, client_for):
    response = client_for(make_user("mei")).patch("/api/v1/me", {})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "empty_update"


def test_public_profile_shows_counts_and_region(anon, make_user):
    make_user("mei", ip_region="CN-GD", followers_count=12, following_count=3,
              likes_received_count=100, collects_received_count=20, notes_count=7)
    response = anon.get("/api/v1/users/MEI", headers={"Accept-Language": "zh-CN"})
    assert response.status_code == 200
    body = response.json()
    assert body["counts"] == {"following": 3, "followers": 12, "likes_and_collects": 120, "notes": 7}
    assert body["ip_region"] == "广东"
    assert body["ip_region_code"] == "CN-GD"
    assert "email" not in body
    english = anon.get("/api/v1/users/mei", headers={"Accept-Language": "en"}).json()
    assert english["ip_region"] == "Guangdong"


def test_unknown_region_shows_unknown(anon, make_user):
    make_user("jake")
    assert anon.get("/api/v1/users/jake").json()["ip_region"] == "Unknown"
    assert anon.get("/api/v1/users/jake", headers={"Accept-Language": "zh"}).json()["ip_region"] == "未知"


def test_unknown_user_is_404(anon):
    response = anon.get("/api/v1/users/nobody")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_saved_language_beats_accept_language(make_user, client_for):
    user = make_user("mei")
    User.objects.filter(pk=user.pk).update(ui_language="zh-hans")
    api = client_for(user, language="en")
    response = api.get("/api/v1/users/nobody")
    assert response.json()["error"]["message"] == "未找到。"
