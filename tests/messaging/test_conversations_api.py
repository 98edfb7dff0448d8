"""Conversations and messages through the API: ordering, read state, delete-for-me, retries, limits."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vermilion.messaging.models import Message

from .conftest import send

pytestmark = pytest.mark.django_db(transaction=True)


def test_chat_both_ways_newest_first_with_unread_and_read_state(make_user, open_chat, client_for, friends):
    mei, jake = make_user("mei"), make_user("jake")
    friends(mei, jake)
    api, cid = open_chat(mei, jake)
    assert [send(api, cid, f"m{i}").status_code for i in range(3)] == [201] * 3
    theirs = client_for(jake)
    listing = theirs.get("/api/v1/conversations").json()
    assert listing["unread"] == {"messages": 3, "requests": 0, "total": 3}
    [conv] = listing["items"]
    assert (conv["id"], conv["other"]["username"], conv["box"], conv["unread"]) == (cid, "mei", "inbox", 3)
    assert conv["last_message"]["preview"] == "m2" and not conv["last_message"]["mine"]
    assert send(theirs, cid, "hello back").status_code == 201
    page = api.get(f"/api/v1/conversations/{cid}/messages").json()
    assert [m["body"] for m in page["items"]] == ["hello back", "m2", "m1", "m0"]
    assert [m["seq"] for m in page["items"]] == [4, 3, 2, 1]
    assert [m["mine"] for m in page["items"]] == [False, True, True, True]
    # Replying read everything for jake; mei has one unread until she reads.
    assert theirs.get("/api/v1/conversations/unread").json()["total"] == 0
    assert api.get("/api/v1/conversations/unread").json()["messages"] == 1
    read = api.post(f"/api/v1/conversations/{cid}/read").json()
    assert (read["unread"], read["last_read_seq"], read["other_read_seq"]) == (0, 4, 4)
    # A read mark never moves back.
    assert api.post(f"/api/v1/conversations/{cid}/read", {"seq": 1}).json()["last_read_seq"] == 4


def test_conversation_list_is_newest_first_and_paginated(make_user, open_chat, friends):
    me = make_user("hub")
    others = [make_user(f"pal{i}") for i in range(5)]
    for other in others:
        friends(me, other)
        api, cid = open_chat(me, other)
        send(api, cid, other.username)
    api, _cid = open_chat(me, others[0])
    first = api.get("/api/v1/conversations?limit=2").json()
    second = api.get(f"/api/v1/conversations?limit=2&cursor={first['next_cursor']}").json()
    third = api.get(f"/api/v1/conversations?limit=2&cursor={second['next_cursor']}").json()
    names = [c["other"]["username"] for page in (first, second, third) for c in page["items"]]
    assert names == ["pal4", "pal3", "pal2", "pal1", "pal0"] and third["next_cursor"] is None
    assert api.get("/api/v1/conversations?cursor=forged").status_code == 400


def test_messages_paginate_backwards_and_poll_forwards(make_user, open_chat, friends):
    a, b = make_user(), make_user()
    friends(a, b)
    api, cid = open_chat(a, b)
    for i in range(7):
        send(api, cid, str(i))
    first = api.get(f"/api/v1/conversations/{cid}/messages?limit=3").json()
    second = api.get(f"/api/v1/conversations/{cid}/messages?limit=3&cursor={first['next_cursor']}").json()
    assert [m["body"] for m in first["items"] + second["items"]] == ["6", "5", "4", "3", "2", "1"]
    newer = api.get(f"/api/v1/conversations/{cid}/messages?after=5").json()
    assert [m["body"] for m in newer["items"]] == ["5", "6"] and newer["more_after"] is False


def test_retried_send_is_stored_once(make_user, open_chat, friends):
    a, b = make_user(), make_user()
    friends(a, b)
    api, cid = open_chat(a, b)
    first = send(api, cid, "once", client_token="tok-1")
    again = send(api, cid, "once", client_token="tok-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and first.json()["client_token"] == "tok-1"
    assert Message.objects.count() == 1


def test_concurrent_retries_store_one_message_in_stable_order(make_user, open_chat, friends, client_for):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    a, b = make_user(), make_user()
    friends(a, b)
    _api, cid = open_chat(a, b)
    results: list[int] = []

    def retry(token: str) -> None:
        results.append(send(client_for(a), cid, token, client_token=token).status_code)
        connection.close()

    threads = [threading.Thread(target=retry, args=(f"t{i % 4}",)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results).count(201) == 4
    assert sorted(Message.objects.values_list("seq", flat=True)) == [1, 2, 3, 4]


def test_delete_for_me_keeps_it_for_the_other(make_user, open_chat, client_for, friends):
    a, b = make_user(), make_user()
    friends(a, b)
    api, cid = open_chat(a, b)
    keep, gone = send(api, cid, "keep").json(), send(api, cid, "oops").json()
    assert api.delete(f"/api/v1/messages/{gone['id']}").json() == {"ok": True}
    assert api.delete(f"/api/v1/messages/{gone['id']}").status_code == 404  # already gone for me
    assert [m["id"] for m in api.get(f"/api/v1/conversations/{cid}/messages").json()["items"]] == [keep["id"]]
    assert api.get("/api/v1/conversations").json()["items"][0]["last_message"]["preview"] == "keep"
    theirs = client_for(b).get(f"/api/v1/conversations/{cid}/messages").json()
    assert [m["body"] for m in theirs["items"]] == ["oops", "keep"]
    stranger = client_for(make_user())
    assert stranger.delete(f"/api/v1/messages/{keep['id']}").status_code == 404


def test_images_and_shared_notes(make_user, open_chat, client_for, friends, ready_image, post_note):
    a, b, c = make_user(), make_user(), make_user()
    friends(a, b)
    api, cid = open_chat(a, b)
    photo = send(api, cid, "", media_id=str(ready_image(a).pk)).json()
    assert photo["kind"] == "image" and photo["media"]["urls"]["thumb"]
    assert send(api, cid, "", media_id=str(ready_image(c).pk)).json()["error"]["code"] == "invalid_media"
    note = post_note(c, title="拿铁")
    shared = send(api, cid, "look", note_id=note["id"]).json()
    assert shared["kind"] == "note" and shared["note"]["title"] == "拿铁"
    private = post_note(c, title="secret", visibility="private")
    assert send(api, cid, "", note_id=private["id"]).json()["error"]["code"] == "invalid_note"
    # The note's author blocks the recipient: the card becomes a stub for them only.
    client_for(c).post(f"/api/v1/users/{b.username}/block")
    seen = client_for(b).get(f"/api/v1/conversations/{cid}/messages").json()["items"][0]
    assert seen["note"] == {"id": None, "unavailable": True}
    assert client_for(b).get("/api/v1/conversations").json()["items"][0]["last_message"]["preview"] == "[Note] 拿铁"


def test_bad_input_is_refused_clearly(make_user, open_chat, client_for, friends):
    a, b = make_user(), make_user()
    friends(a, b)
    api, cid = open_chat(a, b)
    zh = client_for(a, language="zh-CN")
    cases = [
        (api.post("/api/v1/conversations", {"username": a.username}), 400, "cannot_message_self"),
        (api.post("/api/v1/conversations", {"username": "nobody-here"}), 404, "not_found"),
        (send(api, cid, "   "), 400, "empty_message"),
        (send(api, cid, "x" * 2001), 400, "too_long"),
        (send(api, cid, "x" * 100_000), 400, "invalid_input"),
        (send(api, cid, "字" * 100_000), 413, "payload_too_large"),
        (send(api, "123456789", "hi"), 404, "not_found"),
        (send(api, "not-an-id", "hi"), 404, "not_found"),
        (api.get("/api/v1/conversations/42/messages"), 404, "not_found"),
        (send(api, cid, "", media_id="x", note_id="y"), 400, "invalid_message"),
        (api.get("/api/v1/events?since=abc"), 400, "invalid_since"),
    ]
    for response, status, code in cases:
        assert (response.status_code, response.json()["error"]["code"]) == (status, code), response.content
    assert "不能" in zh.post("/api/v1/conversations", {"username": a.username}).json()["error"]["message"]
    # Someone else's conversation is invisible: 404, never 403.
    outsider = client_for(make_user())
    assert outsider.get(f"/api/v1/conversations/{cid}").status_code == 404
    assert send(outsider, cid, "let me in").status_code == 404
    assert Message.objects.count() == 0
    assert client_for(a).get("/api/v1/conversations").json()["items"] == []


def test_opening_twice_finds_the_same_conversation(make_user, client_for):
    a, b = make_user(), make_user()
    first = client_for(a).post("/api/v1/conversations", {"username": b.username})
    again = client_for(a).post("/api/v1/conversations", {"username": b.username})
    reverse = client_for(b).post("/api/v1/conversations", {"username": a.username})
    assert (first.status_code, again.status_code, reverse.status_code) == (201, 200, 200)
    assert first.json()["id"] == again.json()["id"] == reverse.json()["id"]


def test_listing_and_thread_take_a_fixed_number_of_queries(make_user, open_chat, friends, ready_image, post_note):
    me = make_user("busy")
    note = post_note(make_user("author"))

    def grow(n: int) -> tuple[object, str]:
        for _ in range(n):
            other = make_user()
            friends(me, other)
            api, cid = open_chat(other, me)
            send(api, cid, "", media_id=str(ready_image(other).pk))
            send(api, cid, "see", note_id=note["id"])
        return open_chat(me, other)

    api, cid = grow(2)
    with CaptureQueriesContext(connection) as small:
        assert len(api.get("/api/v1/conversations").json()["items"]) == 2
    with CaptureQueriesContext(connection) as thread_small:
        api.get(f"/api/v1/conversations/{cid}/messages")
    api, cid = grow(4)
    with CaptureQueriesContext(connection) as large:
        assert len(api.get("/api/v1/conversations").json()["items"]) == 6
    with CaptureQueriesContext(connection) as thread_large:
        api.get(f"/api/v1/conversations/{cid}/messages")
    assert len(large) == len(small) <= 8
    assert len(thread_large) == len(thread_small) <= 12
