"""Sign-ins that end when they should: a new password or "sign out everywhere" ends every other
token and session; guessing one account's password is slowed wherever it comes from, and its owner
is told; sign-up never reveals whether an address is registered."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import ApiClient
from vermilion.accounts.models import ApiToken, User
from vermilion.accounts.signin import FREE_ATTEMPTS
from vermilion.accounts.tokens import issue_token

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.redis]

PASSWORD = "correct-horse-9"  # tests/conftest.py make_user


def _web_session(user: User) -> Client:
    web = Client()
    assert web.post("/login", {"username": user.username, "password": PASSWORD}).status_code == 302
    assert web.get("/settings").status_code == 200
    return web


def test_a_new_password_ends_every_other_token_and_session(make_user: Any) -> None:
    user = make_user("changes_password")
    phone, laptop = ApiClient(token=issue_token(user)), ApiClient(token=issue_token(user))
    browser = _web_session(user)
    answer = phone.post("/api/v1/me/password", {"old_password": PASSWORD, "new_password": "another-horse-77"})
    assert answer.status_code == 200, answer.content
    assert phone.get("/api/v1/me").status_code == 200  # the token the change came with goes on
    assert laptop.get("/api/v1/me").status_code == 401
    assert browser.get("/settings").status_code == 302  # sent to sign in again
    assert ApiClient().post("/api/v1/auth/login", {"username": user.username, "password": PASSWORD}).status_code == 401


def test_a_wrong_current_password_changes_nothing(make_user: Any, client_for: Any) -> None:
    user = make_user("keeps_password")
    api, other = client_for(user), client_for(user)
    answer = api.post("/api/v1/me/password", {"old_password": "wrong", "new_password": "another-horse-77"})
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "invalid_credentials"
    weak = api.post("/api/v1/me/password", {"old_password": PASSWORD, "new_password": "123"})
    assert weak.status_code == 400 and weak.json()["error"]["code"] == "weak_password"
    assert other.get("/api/v1/me").status_code == 200
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)


def test_sign_out_everywhere_ends_every_token_and_session(make_user: Any) -> None:
    user = make_user("leaves_everywhere")
    phone, laptop = ApiClient(token=issue_token(user)), ApiClient(token=issue_token(user))
    browser = _web_session(user)
    assert phone.post("/api/v1/auth/logout-everywhere").status_code == 200
    assert phone.get("/api/v1/me").status_code == 401
    assert laptop.get("/api/v1/me").status_code == 401
    assert browser.get("/settings").status_code == 302
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    # Signing in again works, and only the sessions from before were ended.
    fresh = _web_session(user)
    assert fresh.get("/settings").status_code == 200


def test_sign_out_of_all_devices_from_the_settings_page(make_user: Any) -> None:
    user = make_user("settings_leaver")
    token = ApiClient(token=issue_token(user))
    other_browser, browser = _web_session(user), _web_session(user)
    answer = browser.post("/settings", {"section": "sign_out_everywhere"})
    assert answer.status_code == 302 and answer["Location"].startswith("/login")
    assert browser.get("/settings").status_code == 302
    assert other_browser.get("/settings").status_code == 302
    assert token.get("/api/v1/me").status_code == 401


def test_password_guessing_one_account_from_many_addresses_is_paused(make_user: Any) -> None:
    user = make_user("guessed_at")
    for attempt in range(FREE_ATTEMPTS):
        guesser = ApiClient(remote_addr=f"203.0.113.{attempt + 1}")
        answer = guesser.post("/api/v1/auth/login", {"username": "Guessed_At", "password": f"guess-{attempt}"})
        assert answer.status_code == 401, attempt
    paused = ApiClient(remote_addr="198.51.100.7").post("/api/v1/auth/login",
                                                        {"username": user.username, "password": PASSWORD})
    assert paused.status_code == 429
    assert paused.json()["error"]["code"] == "sign_in_paused"
    assert 1 <= int(paused["Retry-After"]) <= 60
    # An unknown name is answered alike: the pause says nothing about who exists.
    for _attempt in range(FREE_ATTEMPTS):
        ApiClient().post("/api/v1/auth/login", {"username": "nobody_by_this_name", "password": "x"})
    assert ApiClient().post("/api/v1/auth/login",
                            {"username": "nobody_by_this_name", "password": "x"}).status_code == 429


def test_the_owner_is_told_of_wrong_passwords_at_their_next_sign_in(make_user: Any) -> None:
    user = make_user("told_owner")
    for attempt in range(3):  # fewer than pause the account
        ApiClient().post("/api/v1/auth/login", {"username": user.username, "password": f"nope-{attempt}"})
    answer = ApiClient().post("/api/v1/auth/login", {"username": user.username, "password": PASSWORD})
    assert answer.status_code == 200
    assert answer.json()["notice"]["failed_sign_ins"] == 3
    again = ApiClient().post("/api/v1/auth/login", {"username": user.username, "password": PASSWORD})
    assert again.json()["notice"] is None  # told once


def test_sign_up_never_reveals_a_registered_address(anon: Any, make_user: Any) -> None:
    first = anon.post("/api/v1/auth/signup", {"username": "first_mail", "password": "correct-horse-9",
                                              "email": "shared@example.org"})
    second = ApiClient(remote_addr="203.0.113.9").post(
        "/api/v1/auth/signup", {"username": "second_mail", "password": "correct-horse-9", "email": "Shared@Example.org"})
    assert first.status_code == second.status_code == 201
    assert User.objects.filter(email__iexact="shared@example.org").count() == 2


def test_the_web_sign_in_page_tells_the_owner_too(make_user: Any) -> None:
    user = make_user("told_on_the_web")
    ApiClient().post("/api/v1/auth/login", {"username": user.username, "password": "not-it"})
    web = Client()
    answer = web.post("/login", {"username": user.username, "password": PASSWORD}, follow=True)
    assert answer.status_code == 200
    assert "1 wrong password" in answer.content.decode()
