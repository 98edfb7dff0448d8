"""The messages page as a phone gets it (issue 22): a list screen and a thread screen with a back
button, the settings behind buttons rather than stacked above the thread, Send off until there is
something to send, and one message per double tap (the client token the page sends with each)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from vermilion.messaging.models import Message

from .conftest import send

pytestmark = pytest.mark.django_db(transaction=True)


def page(user, path: str, language: str = "en") -> str:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    response = client.get(path, headers={"Accept-Language": language})
    assert response.status_code == 200, path
    return response.content.decode()


def test_the_list_and_the_thread_are_two_screens_with_a_way_back(make_user, open_chat):
    me, other = make_user("mei"), make_user("jake")
    _api, cid = open_chat(me, other)
    listing = page(me, "/messages")
    assert 'data-view="list"' in listing
    thread = page(me, f"/messages/{cid}")
    assert 'data-view="thread"' in thread
    back = re.search(r'<a class="back[^"]*" href="([^"]+)" data-back', thread)
    assert back and back.group(1) == "/messages?box=inbox"


def test_settings_sit_behind_buttons_in_both_languages(make_user):
    me = make_user("settings_person")
    for language, words in (("en", ("Message settings", "Conversation settings")), ("zh-hans", ("私信设置", "聊天设置"))):
        html = page(me, "/messages", language)
        menu = re.search(r"<details class=\"menu\" data-settings-menu>(.*?)</details>", html, re.S)
        assert menu and "data-policy" in menu.group(1) and words[0] in menu.group(1)
        thread_menu = re.search(r"<details class=\"menu\" data-thread-menu>(.*?)</details>", html, re.S)
        assert thread_menu and "data-mute-conversation" in thread_menu.group(1) and words[1] in thread_menu.group(1)
        # Nothing but the list sits in the list pane: the policy select is only inside its menu.
        assert html.count("data-policy") == 1


def test_send_is_off_until_there_is_something_to_send(make_user):
    html = page(make_user("quiet"), "/messages")
    button = re.search(r'<button type="submit" class="button" data-send[^>]*>', html)
    assert button and "disabled" in button.group(0)


def test_a_double_tap_on_send_note_stores_one_message(make_user, open_chat, friends, post_note):
    a, b = make_user("sharer"), make_user("friend")
    friends(a, b)
    note = post_note(b, title="火锅", body="好吃")
    api, cid = open_chat(a, b)
    first = send(api, cid, "", note_id=note["id"], client_token="tap-1")
    again = send(api, cid, "", note_id=note["id"], client_token="tap-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Message.objects.filter(conversation_id=cid).count() == 1


def test_a_token_reused_for_something_else_is_refused_in_the_readers_language(make_user, open_chat, client_for):
    a, b, c = make_user("writer_a"), make_user("reader_b"), make_user("reader_c")
    api, cid = open_chat(a, b)
    assert send(api, cid, "hello", client_token="tok-same").status_code == 201
    _api, other_cid = open_chat(a, c)
    reused = client_for(a, "zh-hans").post(f"/api/v1/conversations/{other_cid}/messages",
                                           {"body": "hello", "client_token": "tok-same"})
    assert reused.status_code == 409 and reused.json()["error"]["code"] == "client_token_reused"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in reused.json()["error"]["message"])
    assert Message.objects.filter(conversation_id=other_cid).count() == 0
