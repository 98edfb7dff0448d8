from __future__ import annotations

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import override_settings

from vermilion.accounts.models import ApiToken, User

pytestmark = pytest.mark.django_db

SIGNUP = "/api/v1/auth/signup"
LOGIN = "/api/v1/auth/login"


def test_signup_returns_user_and_token_that_works(anon):
    response = anon.post(SIGNUP, {"username": "Mei_Lin", "password": "a-long-secret-1", "language": "zh"})
    assert response.status_code == 201
    body = response.json()
    assert body["user"]["username"] == "Mei_Lin"
    assert body["user"]["ui_language"] == "zh-hans"
    assert body["token"].startswith("vmn_")
    # The token is stored only as a hash.
    assert not ApiToken.objects.filter(key_hash=body["token"]).exists()
    anon.token = body["token"]
    me = anon.get("/api/v1/me")
    assert me.status_code == 200
    assert me.json()["username"] == "Mei_Lin"


def test_signup_hashes_passwords_with_argon2(anon):
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"]):
        anon.post(SIGNUP, {"username": "argon", "password": "a-long-secret-1"})
        assert identify_hasher(User.objects.get(username="argon").password).algorithm == "argon2"


def test_login_is_case_insensitive_and_logout_revokes(anon, make_user):
    make_user("Jake")
    response = anon.post(LOGIN, {"username": "jake", "password": "correct-horse-9"})
    assert response.status_code == 200
    anon.token = response.json()["token"]
    assert anon.get("/api/v1/me").status_code == 200
    assert anon.post("/api/v1/auth/logout").status_code == 200
    after = anon.get("/api/v1/me")
    assert after.status_code == 401
    assert after.json()["error"]["code"] == "invalid_token"


def test_wrong_password_is_401_with_translated_message(anon, make_user):
    make_user("jake")
    response = anon.post(LOGIN, {"username": "jake", "password": "nope-nope-nope"},
                         headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert response.status_code == 401
    assert response.json()["error"] == {"code": "invalid_credentials", "message": "用户名或密码错误。"}


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"username": "ab", "password": "a-long-secret-1"}, 400, "invalid_username"),
        ({"username": "bad name!", "password": "a-long-secret-1"}, 400, "invalid_username"),
        ({"username": "admin", "password": "a-long-secret-1"}, 409, "username_reserved"),
        ({"username": "okname", "password": "short"}, 400, "weak_password"),
        ({"username": "okname", "password": "12345678901"}, 400, "weak_password"),
        ({"username": "okname", "password": "x" * 129 + "A1"}, 400, "weak_password"),
        ({"username": "okname", "password": "a-long-secret-1", "language": "klingon"}, 400, "unknown_language"),
        ({"username": "okname", "password": "a-long-secret-1", "email": "not-an-email"}, 400, "invalid_email"),
        ({"username": "okname", "password": "a-long-secret-1", "interests": ["knitting-zombies"]}, 400, "unknown_choice"),
        ({"password": "a-long-secret-1"}, 400, "invalid_input"),
    ],
)
def test_bad_signups_change_nothing(anon, payload, status, code):
    response = anon.post(SIGNUP, payload)
    assert response.status_code == status, response.content
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]
    assert User.objects.count() == 0


def test_duplicate_username_differs_only_in_case(anon, make_user):
    make_user("Meimei")
    response = anon.post(SIGNUP, {"username": "MEIMEI", "password": "a-long-secret-1"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "username_taken"
    assert User.objects.count() == 1


def test_malformed_json_is_400(anon):
    response = anon.client.post(SIGNUP, data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_json"
    assert User.objects.count() == 0


def test_oversize_body_is_413(anon):
    payload = '{"username": "big", "password": "' + "x" * 300_000 + '"}'
    response = anon.client.post(SIGNUP, data=payload, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
    assert User.objects.count() == 0


@pytest.mark.redis
def test_signup_rate_limit_answers_429_with_retry_after(anon):
    with override_settings(VERMILION_RATE_LIMITS={"signup": (2, 3600), "login": (2, 300)}):
        for i in range(2):
            assert anon.post(SIGNUP, {"username": f"rate{i}", "password": "a-long-secret-1"}).status_code == 201
        response = anon.post(SIGNUP, {"username": "rate9", "password": "a-long-secret-1"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["error"]["code"] == "rate_limited"
    assert not User.objects.filter(username="rate9").exists()


@pytest.mark.redis
def test_login_rate_limit(anon, make_user):
    make_user("jake")
    with override_settings(VERMILION_RATE_LIMITS={"signup": (2, 3600), "login": (3, 300)}):
        codes = [anon.post(LOGIN, {"username": "jake", "password": "wrong-wrong"}).status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]


def test_garbage_bearer_token_is_401(anon):
    anon.token = "vmn_forged"
    response = anon.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"


def test_anonymous_me_is_401(anon):
    response = anon.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
