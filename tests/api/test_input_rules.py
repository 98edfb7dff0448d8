"""Client text is checked where it enters: control characters (NUL first of all) anywhere in a path,
a query string, a JSON body or a form are a 400 naming the field; ids are ASCII digits or a 404;
JSON nested beyond reason is a 400. Nothing is written by a refused request."""

from __future__ import annotations

import json
from typing import Any

import pytest

from vermilion.feed.models import Preferences
from vermilion.media.models import Media
from vermilion.messaging.models import Message
from vermilion.moderation.models import Report
from vermilion.notes.models import Board, Comment, Note

pytestmark = pytest.mark.django_db

NUL = "\x00"


def _refused(response: Any, field: str) -> None:
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid_characters"
    assert field in error["fields"], error


@pytest.mark.parametrize("path", ["/api/v1/users/%00", "/api/v1/topics/%00", "/api/v1/topics/%00/notes",
                                  "/api/v1/notes/1%00", "/api/v1/search/notes?q=%00cat", "/api/v1/topics?q=%00",
                                  "/api/v1/search/suggest?q=a%00b", "/api/v1/users/meimei/notes?cursor=%00"])
def test_nul_in_a_path_or_query_string_is_a_400(anon: Any, path: str) -> None:
    response = anon.get(path)
    assert response.status_code == 400, (path, response.content)
    assert response.json()["error"]["code"] == "invalid_characters"


@pytest.mark.parametrize("path", ["/u/%00", "/t/%00", "/n/%00", "/search?q=%00"])
def test_nul_in_a_web_page_path_is_a_plain_400(anon: Any, path: str) -> None:
    response = anon.client.get(path)
    assert response.status_code == 400
    assert b"control characters" in response.content


@pytest.mark.parametrize("path", ["/api/v1/notes/%C2%B3", "/api/v1/notes/%D9%A3", "/api/v1/boards/%C2%B3",
                                  "/api/v1/comments/%C2%B3/replies", "/api/v1/notes/%EF%BC%91/comments"])
def test_ids_in_other_digits_are_not_found(anon: Any, path: str) -> None:
    response = anon.get(path)
    assert response.status_code == 404, (path, response.content)


def test_web_pages_answer_404_to_ids_in_other_digits(anon: Any) -> None:
    for path in ("/n/%C2%B3", "/b/%D9%A3"):
        assert anon.client.get(path).status_code == 404, path


def test_nul_in_json_fields_names_the_field_and_writes_nothing(make_user: Any, client_for: Any, post_note: Any,
                                                                ready_image: Any) -> None:
    author = make_user("nul_author")
    api = client_for(author)
    note = post_note(author)
    image = ready_image(author)
    cases = [
        ("/api/v1/notes", {"title": f"a{NUL}b", "body": "ok", "media_ids": [str(image.pk)]}, "title"),
        ("/api/v1/notes", {"title": "ok", "body": "ok", "media_ids": [str(image.pk)], "topics": [f"cat{NUL}"]},
         "topics.0"),
        (f"/api/v1/notes/{note['id']}/comments", {"body": f"hi{NUL}"}, "body"),
        ("/api/v1/boards", {"name": f"board{NUL}"}, "name"),
        ("/api/v1/reports", {"target_type": "note", "target_id": note["id"], "reason": "spam", "detail": NUL},
         "detail"),
        ("/api/v1/auth/login", {"username": f"nul{NUL}author", "password": "x"}, "username"),
    ]
    before = (Note.objects.count(), Comment.objects.count(), Board.objects.count(), Report.objects.count())
    for path, body, field in cases:
        _refused(api.post(path, body), field)
    assert (Note.objects.count(), Comment.objects.count(), Board.objects.count(), Report.objects.count()) == before
    _refused(api.patch(f"/api/v1/media/{image.pk}", {"alt_text": f"cat{NUL}"}), "alt_text")
    assert Media.objects.get(pk=image.pk).alt_text == ""
    _refused(api.patch("/api/v1/feed/preferences", {"muted_words": ["ok", f"bad{NUL}"]}), "muted_words.1")
    assert not Preferences.objects.filter(user=author).exists()
    _refused(api.patch("/api/v1/me", {"bio": "line one\n\x07bell"}), "bio")


def test_line_breaks_and_tabs_stay_allowed(make_user: Any, client_for: Any, post_note: Any) -> None:
    author = make_user("breaks_author")
    note = post_note(author)
    answer = client_for(author).post(f"/api/v1/notes/{note['id']}/comments", {"body": "first line\n\tsecond line"})
    assert answer.status_code == 201
    assert answer.json()["body"] == "first line\n\tsecond line"


def test_nul_in_a_web_form_is_a_400(make_user: Any) -> None:
    from django.test import Client

    web = Client()
    web.force_login(make_user("form_person"))
    response = web.post("/settings", {"section": "profile", "display_name": f"Mei{NUL}"})
    assert response.status_code == 400


def test_json_nested_beyond_reason_is_a_400(make_user: Any, client_for: Any, post_note: Any) -> None:
    author = make_user("deep_author")
    api = client_for(author)
    note = post_note(author)
    deep = "[" * 5000 + "]" * 5000
    for path in ("/api/v1/notes", f"/api/v1/notes/{note['id']}/collect", "/api/v1/notifications/read"):
        response = api.request("POST", path, data=deep, content_type="application/json")
        assert response.status_code == 400, (path, response.content)
        assert response.json()["error"]["code"] == "malformed_json"
    nested = json.dumps({"title": "t", "body": "b", "media_ids": [], "topics": [[[[["x"]]]]] * 1})
    assert api.request("POST", "/api/v1/notes", data=nested, content_type="application/json").status_code == 400


def test_a_client_token_reused_after_deleting_that_message_is_a_409(make_user: Any, client_for: Any) -> None:
    sender, recipient = make_user("token_sender"), make_user("token_recipient")
    api = client_for(sender)
    conversation = api.post("/api/v1/conversations", {"username": recipient.username}).json()["id"]
    first = api.post(f"/api/v1/conversations/{conversation}/messages", {"body": "hello", "client_token": "t-1"})
    assert first.status_code == 201
    assert api.delete(f"/api/v1/messages/{first.json()['id']}").status_code == 200
    again = api.post(f"/api/v1/conversations/{conversation}/messages", {"body": "hello", "client_token": "t-1"})
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "client_token_reused"
    assert Message.objects.filter(sender=sender).count() == 1
