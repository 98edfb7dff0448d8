"""Screening on publish: held content is visible only to its author, marked under review, and the
author reads why; rejected content is removed with a statement; comments, messages and profiles too."""

from __future__ import annotations

import pytest

from vermilion.moderation.models import Case, Decision, Screening
from vermilion.notes.models import Comment, Note

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_clean_note_is_published_and_screened_once(make_user, post_note, client_for):
    author = make_user()
    note = post_note(author, title="周末咖啡", body="拿铁很好喝 #咖啡")
    assert Note.objects.get(pk=note["id"]).moderation == "ok"
    assert Screening.objects.filter(target_type="note", target_id=note["id"], verdict="publish").count() == 1
    # An edit that changes nothing screens nothing new; a real edit screens again.
    api = client_for(author)
    api.patch(f"/api/v1/notes/{note['id']}", {"body": "拿铁很好喝 #咖啡"})
    assert Screening.objects.filter(target_type="note", target_id=note["id"]).count() == 1


def test_a_held_note_is_visible_only_to_its_author_under_review(make_user, post_note, client_for, anon):
    author, reader = make_user(), make_user()
    note = post_note(author, title="好物分享", body="想要同款的加我 vx: cutegirl_2024 #好物")
    assert Note.objects.get(pk=note["id"]).moderation == "held"
    mine = client_for(author).get(f"/api/v1/notes/{note['id']}").json()
    assert mine["under_review"] is True
    assert client_for(reader).get(f"/api/v1/notes/{note['id']}").status_code == 404
    assert anon.get(f"/api/v1/notes/{note['id']}").status_code == 404
    case = Case.objects.get(target_type="note", target_id=note["id"])
    assert case.automated and case.state == "open" and case.signals[0]["code"] == "wechat_id"
    statement = client_for(author).get("/api/v1/me/decisions").json()["items"][0]
    assert statement["restriction"] == "hold" and statement["automated_detection"] is True
    assert "WeChat" in statement["facts"]


def test_a_rejected_note_is_removed_and_the_author_is_told_why(make_user, post_note, client_for, anon):
    author = make_user()
    note = post_note(author, title="气死了", body="你就是个傻逼，滚蛋")
    assert Note.objects.get(pk=note["id"]).moderation == "removed"
    assert anon.get(f"/api/v1/notes/{note['id']}").status_code == 404
    decision = Decision.objects.get(target_id=note["id"])
    assert decision.action == "remove" and decision.automated_decision
    zh = client_for(author, language="zh-hans").get(f"/api/v1/decisions/{decision.pk}").json()
    assert zh["ground"] == "harassment" and zh["can_appeal"] is True
    assert not Case.objects.filter(target_id=note["id"]).exists()  # nothing to review unless appealed
    assert client_for(author).get(f"/api/v1/notes/{note['id']}").json()["moderation"] == "removed"


def test_held_comments_are_hidden_from_others(make_user, post_note, client_for):
    author, troll, reader = make_user(), make_user(), make_user()
    note = post_note(author)
    posted = client_for(troll).post(f"/api/v1/notes/{note['id']}/comments", {"body": "加微信 abc_12345 领福利"})
    assert posted.status_code == 201
    comment = Comment.objects.get(pk=posted.json()["id"])
    assert comment.moderation == "held"
    theirs = client_for(reader).get(f"/api/v1/notes/{note['id']}/comments").json()["items"]
    assert theirs == []
    own = client_for(troll).get(f"/api/v1/notes/{note['id']}/comments").json()["items"]
    assert [c["id"] for c in own] == [str(comment.pk)]


def test_copy_paste_floods_are_caught(make_user, post_note):
    spam = "超值好物推荐，点进主页看看吧，每天都有新惊喜哦"
    accounts = [make_user() for _ in range(4)]
    notes = [post_note(user, title="好物", body=spam) for user in accounts]
    last = Screening.objects.get(target_type="note", target_id=notes[-1]["id"])
    assert "coordinated_posting" in {s["check"] for s in last.signals}
    assert Note.objects.get(pk=notes[-1]["id"]).moderation == "held"


def test_a_message_with_a_hard_insult_is_refused_in_the_request(make_user, client_for):
    sender, recipient = make_user(), make_user()
    api = client_for(sender)
    cid = api.post("/api/v1/conversations", {"username": recipient.username}).json()["id"]
    refused = client_for(sender, language="zh-hans").post(f"/api/v1/conversations/{cid}/messages",
                                                          {"body": "你这个傻逼去死吧"})
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "message_rejected"
    assert "没有发送" in refused.json()["error"]["message"]
    held = api.post(f"/api/v1/conversations/{cid}/messages", {"body": "加我QQ 123456789 给你优惠"})
    assert held.status_code == 201
    theirs = client_for(recipient).get(f"/api/v1/conversations/{cid}/messages").json()["items"]
    assert theirs == []


def test_profile_text_is_screened(make_user, client_for):
    user = make_user()
    response = client_for(user).patch("/api/v1/me", {"bio": "合作请加v: shop_abc123"})
    assert response.status_code == 200
    assert Case.objects.filter(target_type="profile", target_id=user.pk, state="open").exists()
