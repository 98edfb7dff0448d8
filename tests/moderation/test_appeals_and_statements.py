"""Appeals (once, in time, to another moderator), statements of reasons, transparency, regional
rules and disclosure labels."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from vermilion.moderation.models import Case, Decision, RegionRule, Strike
from vermilion.notes.models import Note

pytestmark = pytest.mark.django_db(transaction=True)


def _removed_note(make_user, make_moderator, post_note, client_for):
    author, first = make_user(), make_moderator()
    note = post_note(author, title="周末", body="周末去爬山了")
    client_for(make_user()).post("/api/v1/reports", {"target_type": "note", "target_id": note["id"], "reason": "spam"})
    case = Case.objects.get(target_id=note["id"])
    client_for(first).post(f"/api/v1/moderation/cases/{case.pk}/actions", {"action": "remove", "reason": "spam"})
    return author, first, note, Decision.objects.get(case=case)


def test_an_appeal_goes_to_another_moderator_who_can_reverse(make_user, make_moderator, post_note, client_for):
    author, first, note, decision = _removed_note(make_user, make_moderator, post_note, client_for)
    api = client_for(author)
    made = api.post(f"/api/v1/decisions/{decision.pk}/appeal", {"statement": "It is my own hiking photo."})
    assert made.status_code == 201 and made.json()["state"] == "pending"
    again = api.post(f"/api/v1/decisions/{decision.pk}/appeal", {"statement": "Please!"})
    assert (again.status_code, again.json()["error"]["code"]) == (409, "already_appealed")
    appeal_case = Case.objects.get(kind="appeal", target_id=note["id"])
    mine = client_for(first)
    assert [c["id"] for c in mine.get("/api/v1/moderation/cases").json()["items"]] == []
    refused = mine.post(f"/api/v1/moderation/cases/{appeal_case.pk}/actions", {"action": "uphold", "reason": "no"})
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "appeal_needs_other_moderator")
    other = client_for(make_moderator())
    assert [c["id"] for c in other.get("/api/v1/moderation/cases").json()["items"]] == [str(appeal_case.pk)]
    assert other.post(f"/api/v1/moderation/cases/{appeal_case.pk}/actions",
                      {"action": "remove", "reason": "x"}).json()["error"]["code"] == "invalid_action"
    done = other.post(f"/api/v1/moderation/cases/{appeal_case.pk}/actions", {"action": "reverse", "reason": "A real photo."})
    assert done.status_code == 200 and done.json()["decision"]["restriction"] == "reverse"
    assert Note.objects.get(pk=note["id"]).moderation == "ok"
    assert Strike.objects.get(decision=decision).revoked is True
    statements = api.get("/api/v1/me/decisions").json()["items"]
    assert [s["restriction"] for s in statements] == ["reverse", "remove"]
    assert statements[1]["appeal"]["state"] == "reversed" and statements[1]["can_appeal"] is False


def test_bad_appeals_are_refused(make_user, make_moderator, post_note, client_for):
    author, _first, _note, decision = _removed_note(make_user, make_moderator, post_note, client_for)
    api = client_for(author)
    empty = api.post(f"/api/v1/decisions/{decision.pk}/appeal", {"statement": "  "})
    assert empty.json()["error"]["code"] == "statement_required"
    stranger = client_for(make_user()).post(f"/api/v1/decisions/{decision.pk}/appeal", {"statement": "hi"})
    assert stranger.status_code == 404
    Decision.objects.filter(pk=decision.pk).update(appeal_deadline=timezone.now() - timedelta(minutes=1))
    late = client_for(author, language="zh-hans").post(f"/api/v1/decisions/{decision.pk}/appeal", {"statement": "sorry"})
    assert (late.status_code, late.json()["error"]["code"]) == (409, "appeal_deadline_passed")
    assert not Case.objects.filter(kind="appeal").exists()


def test_statement_export_and_public_transparency(make_user, make_moderator, post_note, client_for, anon):
    author, _first, _note, decision = _removed_note(make_user, make_moderator, post_note, client_for)
    statement = client_for(author).get(f"/api/v1/decisions/{decision.pk}").json()
    for key in ("content_type", "restriction", "dsa_restriction", "facts", "ground", "automated_detection",
                "automated_decision", "redress", "territorial_scope", "appeal_deadline"):
        assert key in statement, key
    assert client_for(make_user()).get(f"/api/v1/decisions/{decision.pk}").status_code == 404
    public = anon.get("/api/v1/transparency").json()
    assert public["total"] == 1 and public["by_action"] == {"remove": 1} and public["by_content_type"] == {"note": 1}


def test_regional_rules_hide_notes_in_that_region_only_and_tell_the_author(make_user, post_note, client_for):
    RegionRule.objects.create(name="Gaming ban", regions=["CN-GD"], terms=["#赌博", "博彩"],
                              explanation="Gambling promotion is unlawful in this region.")
    author = make_user(ip_region="CN-SH")
    note = post_note(author, title="周末", body="澳门博彩攻略 #旅行")
    there, elsewhere = make_user(ip_region="CN-GD"), make_user(ip_region="HK")
    assert client_for(there).get(f"/api/v1/notes/{note['id']}").status_code == 404
    assert client_for(elsewhere).get(f"/api/v1/notes/{note['id']}").status_code == 200
    assert client_for(author).get(f"/api/v1/notes/{note['id']}").status_code == 200
    told = client_for(author).get("/api/v1/me/decisions").json()["items"][0]
    assert told["restriction"] == "region" and told["territorial_scope"] == ["CN-GD"]
    assert "Gambling" in told["facts"]


def test_regional_rules_follow_where_the_reader_is_signed_in_or_not(make_user, post_note, client_for):
    from tests.conftest import ApiClient

    RegionRule.objects.create(name="Gaming ban", regions=["CN-GD"], terms=["博彩"],
                              explanation="Gambling promotion is unlawful in this region.")
    note = post_note(make_user(ip_region="CN-SH"), title="周末", body="澳门博彩攻略")
    path = f"/api/v1/notes/{note['id']}"
    assert ApiClient(remote_addr="202.96.128.86").get(path).status_code == 404  # an anonymous reader in Guangzhou
    assert ApiClient(remote_addr="8.8.8.8").get(path).status_code == 200
    traveller = client_for(make_user(ip_region="HK"))
    traveller.client.defaults["REMOTE_ADDR"] = "202.96.128.86"  # a Hong Kong account, read in Guangzhou
    assert traveller.get(path).status_code == 404
    def found(address: str) -> list[str]:
        page = ApiClient(remote_addr=address).get("/api/v1/search/notes", data={"q": "博彩"}).json()
        return [item["id"] for item in page["items"]]

    assert note["id"] in found("8.8.8.8") and note["id"] not in found("202.96.128.86")


def test_sponsored_label_silences_the_advertising_signal(make_user, post_note, client_for):
    from vermilion.moderation.screening import screen_text

    ad = "品牌方寄的面霜，到手价99元，链接在主页，用优惠码 SPRING 下单包邮"
    assert "undisclosed_ads" in {s["check"] for s in screen_text(ad, with_duplicates=False).signals}
    assert "undisclosed_ads" not in {s["check"] for s in screen_text(ad, with_duplicates=False, disclosed=True).signals}
    author = make_user()
    note = post_note(author, title="面霜", body="好用")
    api = client_for(author)
    labelled = api.request("PUT", f"/api/v1/notes/{note['id']}/disclosure", json={"sponsored": True, "ai_generated": False})
    assert labelled.status_code == 200 and labelled.json()["sponsored"] is True
    other = client_for(make_user()).request("PUT", f"/api/v1/notes/{note['id']}/disclosure", json={"sponsored": False})
    assert other.status_code == 403


def test_labels_show_on_the_note_and_undisclosed_ads_are_labelled(make_user, post_note, client_for):
    author = make_user()
    note = post_note(author, title="面霜", body="好用")
    api = client_for(author)
    api.request("PUT", f"/api/v1/notes/{note['id']}/disclosure", json={"sponsored": False, "ai_generated": True})
    assert client_for(make_user()).get(f"/api/v1/notes/{note['id']}").json()["labels"] == ["ai_generated"]
    ad = post_note(author, title="好物", body="到手价99元，包邮")
    seen = client_for(make_user()).get(f"/api/v1/notes/{ad['id']}").json()
    assert seen["labels"] == ["sponsored"]
    assert Note.objects.get(pk=ad["id"]).moderation == "limited"


def test_a_regional_decision_can_be_appealed_and_reversed(make_user, make_moderator, post_note, client_for):
    RegionRule.objects.create(name="Gambling", regions=["HK"], terms=["博彩"], explanation="Unlawful in this region.")
    author = make_user()
    note = post_note(author, title="旅行", body="博彩攻略")
    reader = make_user(ip_region="HK")
    assert client_for(reader).get(f"/api/v1/notes/{note['id']}").status_code == 404
    decision = Decision.objects.get(action="region")
    client_for(author).post(f"/api/v1/decisions/{decision.pk}/appeal", {"statement": "It is a history article."})
    case = Case.objects.get(kind="appeal")
    client_for(make_moderator()).post(f"/api/v1/moderation/cases/{case.pk}/actions", {"action": "reverse", "reason": "History."})
    assert client_for(reader).get(f"/api/v1/notes/{note['id']}").status_code == 200


def test_removing_a_profile_clears_its_text(make_user, make_moderator, client_for):
    user = make_user()
    client_for(user).patch("/api/v1/me", {"bio": "合作请加v: shop_abc123"})
    case = Case.objects.get(target_type="profile", target_id=user.pk)
    client_for(make_moderator()).post(f"/api/v1/moderation/cases/{case.pk}/actions", {"action": "remove", "reason": "Ads"})
    user.refresh_from_db()
    assert user.bio == ""
