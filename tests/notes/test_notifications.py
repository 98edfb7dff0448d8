from __future__ import annotations

import pytest

from vermilion.notifications.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)


def test_groups_unread_and_mark_read(make_user, post_note, client_for):
    author, fan = make_user("author"), make_user("fan")
    note = post_note(author)
    api = client_for(fan)
    api.post(f"/api/v1/notes/{note['id']}/like")
    api.post(f"/api/v1/notes/{note['id']}/collect")
    api.post("/api/v1/users/author/follow")
    api.post(f"/api/v1/notes/{note['id']}/comments", {"body": "love it @author"})
    mine = client_for(author)
    unread = mine.get("/api/v1/notifications/unread").json()
    assert unread == {"likes_collects": 2, "follows": 1, "comments_mentions": 1, "total": 4}
    likes = mine.get("/api/v1/notifications?group=likes_collects").json()
    assert {i["kind"] for i in likes["items"]} == {"like_note", "collect"}
    assert likes["items"][0]["actor"]["username"] == "fan"
    assert likes["items"][0]["note"]["id"] == note["id"]
    after = mine.post("/api/v1/notifications/read", {"group": "likes_collects"}).json()
    assert after["likes_collects"] == 0
    assert after["total"] == 2
    assert mine.post("/api/v1/notifications/read").json()["total"] == 0


def test_like_unlike_like_notifies_once_and_never_yourself(make_user, post_note, client_for):
    author, fan = make_user(), make_user()
    note = post_note(author)
    api = client_for(fan)
    for path in ("like", "like"):
        api.post(f"/api/v1/notes/{note['id']}/{path}")
        api.delete(f"/api/v1/notes/{note['id']}/like")
    api.post(f"/api/v1/notes/{note['id']}/like")
    client_for(author).post(f"/api/v1/notes/{note['id']}/like")
    assert Notification.objects.filter(kind="like_note").count() == 1


def test_blocked_and_muted_people_do_not_notify(make_user, post_note, client_for):
    author, blocked, muted = make_user(), make_user("blocked1"), make_user("muted1")
    note = post_note(author)
    client_for(author).post("/api/v1/users/muted1/mute")
    client_for(muted).post(f"/api/v1/notes/{note['id']}/like")
    client_for(blocked).post(f"/api/v1/notes/{note['id']}/like")
    client_for(author).post("/api/v1/users/blocked1/block")
    client_for(blocked).post(f"/api/v1/notes/{note['id']}/comments", {"body": "hi"})
    kinds = list(Notification.objects.values_list("actor__username", "kind"))
    assert kinds == [("blocked1", "like_note")]


def test_replies_and_mentions(make_user, post_note, client_for):
    author, a, b = make_user("author"), make_user("alice"), make_user("bob")
    note = post_note(author, body="with @alice")
    assert Notification.objects.filter(recipient=a, kind="mention").count() == 1
    top = client_for(a).post(f"/api/v1/notes/{note['id']}/comments", {"body": "thanks"}).json()
    client_for(b).post(f"/api/v1/notes/{note['id']}/comments", {"body": "me too", "parent_id": top["id"]})
    assert Notification.objects.filter(recipient=a, kind="reply").count() == 1
    assert Notification.objects.filter(recipient=author, kind="comment").count() == 1
