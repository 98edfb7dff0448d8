"""The requests inbox, who may message whom, blocks and mutes."""

from __future__ import annotations

import pytest

from vermilion.messaging.models import Message, RequestReport

from .conftest import send

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_stranger_lands_in_requests_with_a_limit_until_accepted(make_user, open_chat, client_for, settings):
    settings.VERMILION_MESSAGE_REQUEST_LIMIT = 2
    star, fan = make_user("star"), make_user("fan")
    api, cid = open_chat(fan, star)
    assert [send(api, cid, str(i)).status_code for i in range(2)] == [201, 201]
    limited = send(api, cid, "please answer")
    assert (limited.status_code, limited.json()["error"]["code"]) == (403, "request_pending")
    mine = client_for(star)
    assert mine.get("/api/v1/conversations").json()["items"] == []
    requests = mine.get("/api/v1/conversations?box=requests").json()
    assert [c["other"]["username"] for c in requests["items"]] == ["fan"]
    assert requests["unread"] == {"messages": 0, "requests": 1, "total": 1}
    # The sender sees it in their own inbox, as sent.
    assert api.get("/api/v1/conversations").json()["items"][0]["box"] == "inbox"
    accepted = mine.post(f"/api/v1/conversations/{cid}/accept").json()
    assert accepted["box"] == "inbox" and accepted["state"] == "accepted"
    assert send(api, cid, "thanks!").status_code == 201
    assert mine.get("/api/v1/conversations").json()["items"][0]["unread"] == 3


def test_replying_accepts_and_following_skips_requests(make_user, open_chat, client_for):
    from vermilion.graph.actions import do_follow

    a, b, c = make_user(), make_user(), make_user()
    api, cid = open_chat(a, b)
    send(api, cid, "hi")
    assert send(client_for(b), cid, "hello").status_code == 201
    assert client_for(b).get("/api/v1/conversations").json()["items"][0]["id"] == cid
    do_follow(c, a)  # c follows a: a's message goes straight to c's inbox
    api, cid2 = open_chat(a, c)
    send(api, cid2, "hi c")
    assert client_for(c).get("/api/v1/conversations").json()["items"][0]["id"] == cid2


def test_ignore_hides_and_silences_report_records(make_user, open_chat, client_for):
    target, pest, spammer = make_user(), make_user(), make_user()
    api, cid = open_chat(pest, target)
    send(api, cid, "hey")
    mine = client_for(target)
    assert mine.post(f"/api/v1/conversations/{cid}/ignore").json()["state"] == "ignored"
    assert mine.get("/api/v1/conversations?box=requests").json()["items"] == []
    assert send(api, cid, "hey?").status_code == 201  # the sender is not told, still limited
    assert mine.get("/api/v1/conversations/unread").json()["total"] == 0
    spam_api, spam_cid = open_chat(spammer, target)
    send(spam_api, spam_cid, "buy followers")
    reported = mine.post(f"/api/v1/conversations/{spam_cid}/report", {"reason": "spam"})
    assert reported.status_code == 200 and reported.json()["state"] == "ignored"
    assert RequestReport.objects.filter(reporter=target, reported=spammer, reason="spam").count() == 1
    friend_api, friend_cid = open_chat(target, make_user())
    assert friend_api.post(f"/api/v1/conversations/{friend_cid}/ignore").json()["error"]["code"] == "not_a_request"


def test_who_may_message_me(make_user, client_for, open_chat):
    from vermilion.graph.actions import do_follow

    picky, friend, stranger = make_user(), make_user(), make_user()
    mine = client_for(picky)
    assert mine.get("/api/v1/me/messaging").json() == {"who_can_message": "everyone"}
    assert mine.patch("/api/v1/me/messaging", {"who_can_message": "sometimes"}).status_code == 400
    assert mine.patch("/api/v1/me/messaging", {"who_can_message": "following"}).json() == {"who_can_message": "following"}
    do_follow(picky, friend)
    refused = client_for(stranger).post("/api/v1/conversations", {"username": picky.username})
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "messages_closed")
    api, cid = open_chat(friend, picky)
    assert send(api, cid, "hi").status_code == 201
    mine.patch("/api/v1/me/messaging", {"who_can_message": "nobody"})
    # Conversations already accepted stay open; nobody new gets through.
    assert send(api, cid, "still here").status_code == 201
    assert client_for(make_user()).post("/api/v1/conversations", {"username": picky.username}).status_code == 403


def test_blocks_close_the_conversation_both_ways(make_user, open_chat, client_for, friends):
    a, b = make_user(), make_user()
    friends(a, b)
    api, cid = open_chat(a, b)
    send(api, cid, "before")
    client_for(b).post(f"/api/v1/users/{a.username}/block")
    assert send(api, cid, "after").status_code == 404  # a cannot even see the thread any more
    assert api.get("/api/v1/conversations").json()["items"] == []
    blocked = api.post("/api/v1/conversations", {"username": b.username})
    assert (blocked.status_code, blocked.json()["error"]["code"]) == (403, "blocked")
    assert client_for(b).get(f"/api/v1/conversations/{cid}").status_code == 404
    assert Message.objects.count() == 1
    client_for(b).delete(f"/api/v1/users/{a.username}/block")
    assert [m["body"] for m in api.get(f"/api/v1/conversations/{cid}/messages").json()["items"]] == ["before"]


def test_muted_conversations_do_not_count(make_user, open_chat, client_for, friends):
    a, b, c = make_user(), make_user(), make_user()
    friends(a, b)
    friends(a, c)
    api, cid = open_chat(b, a)
    send(api, cid, "one")
    mine = client_for(a)
    assert mine.patch(f"/api/v1/conversations/{cid}", {"muted": True}).json()["muted"] is True
    capi, ccid = open_chat(c, a)
    send(capi, ccid, "two")
    assert mine.get("/api/v1/conversations/unread").json()["messages"] == 1
    mine.post(f"/api/v1/users/{c.username}/mute")  # muting the person mutes their conversation too
    assert mine.get("/api/v1/conversations/unread").json()["messages"] == 0
    assert len(mine.get("/api/v1/conversations").json()["items"]) == 2  # muted, not hidden
