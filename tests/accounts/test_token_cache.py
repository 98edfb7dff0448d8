"""Bearer tokens are looked up once a minute, not on every request (accounts/tokens.py), and
whatever changes the token or its user is seen on the very next request."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext


def _token_queries(api) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = api.get("/api/v1/me")
    return response.status_code, sum("accounts_apitoken" in q["sql"] for q in captured.captured_queries)


def test_the_second_request_finds_the_token_in_the_cache(make_user, client_for):
    api = client_for(make_user("cached_token"))
    assert _token_queries(api)[0] == 200
    assert _token_queries(api) == (200, 0)


def test_revoked_and_banned_tokens_stop_at_once(make_user, client_for):
    from vermilion.moderation.actions import restrict
    from vermilion.moderation.models import Restriction

    api = client_for(make_user("soon_logged_out"))
    assert api.get("/api/v1/me").status_code == 200
    assert api.post("/api/v1/auth/logout").status_code == 200
    assert api.get("/api/v1/me").status_code == 401

    banned = make_user("soon_banned")
    api = client_for(banned)
    assert api.get("/api/v1/me").status_code == 200
    restrict(banned.pk, Restriction.Kind.BAN, None, None)
    assert api.get("/api/v1/me").status_code == 401


def test_a_changed_language_applies_to_the_next_request(make_user, client_for):
    user = make_user("switches_language")
    api = client_for(user)
    assert api.get("/api/v1/notes/nope").json()["error"]["message"] == "Not found."
    assert api.patch("/api/v1/me", {"ui_language": "zh"}).status_code == 200
    message = api.get("/api/v1/notes/nope").json()["error"]["message"]
    assert message != "Not found." and any("\u4e00" <= ch <= "\u9fff" for ch in message), message
