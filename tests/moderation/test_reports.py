"""Reports: one case per target however many people report it, once per person, rate limited,
and the bad inputs answered with clear 4xx errors."""

from __future__ import annotations

import pytest

from vermilion.moderation.models import AuditEntry, Case, Report

pytestmark = pytest.mark.django_db(transaction=True)


def _report(api, target_type, target_id, reason="spam", **extra):
    return api.post("/api/v1/reports", {"target_type": target_type, "target_id": str(target_id), "reason": reason, **extra})


def test_duplicate_reports_collapse_into_one_case(make_user, post_note, client_for):
    author = make_user()
    note = post_note(author, title="周末", body="周末去爬山了")
    reporters = [make_user() for _ in range(3)]
    answers = [_report(client_for(r), "note", note["id"], "harassment") for r in reporters]
    assert [a.status_code for a in answers] == [201, 201, 201]
    assert len({a.json()["case_id"] for a in answers}) == 1
    case = Case.objects.get(target_type="note", target_id=note["id"])
    assert case.reports_count == 3 and case.state == "open" and case.target_author_id == author.pk
    again = _report(client_for(reporters[0]), "note", note["id"], "spam")
    assert again.status_code == 200 and again.json()["created"] is False
    assert Case.objects.get(pk=case.pk).reports_count == 3


def test_concurrent_reports_land_in_one_case(make_user, post_note, client_for):
    from tests.conftest import race

    author = make_user()
    note = post_note(author, title="周末", body="周末去爬山了")
    apis = [client_for(make_user()) for _ in range(4)]
    results = race([lambda api=api: _report(api, "note", note["id"]) for api in apis])
    assert sorted(r.status_code for r in results) == [201, 201, 201, 201]
    assert Case.objects.filter(target_type="note", target_id=note["id"]).count() == 1
    assert Case.objects.get(target_type="note", target_id=note["id"]).reports_count == 4


def test_every_kind_of_target_can_be_reported(make_user, post_note, client_for):
    author, reporter = make_user(), make_user()
    note = post_note(author)
    comment = client_for(author).post(f"/api/v1/notes/{note['id']}/comments", {"body": "谢谢大家"}).json()
    cid = client_for(author).post("/api/v1/conversations", {"username": reporter.username}).json()["id"]
    message = client_for(author).post(f"/api/v1/conversations/{cid}/messages", {"body": "hello"}).json()
    api = client_for(reporter)
    for kind, pk in (("comment", comment["id"]), ("user", author.pk), ("message", message["id"])):
        assert _report(api, kind, pk, "harassment").status_code == 201, kind
    assert Case.objects.filter(target_author=author).count() == 3


def test_bad_reports_get_clear_errors_and_leave_nothing(make_user, post_note, client_for):
    author, reporter, stranger = make_user(), make_user(), make_user()
    note = post_note(author, visibility="private")
    api = client_for(reporter, language="zh-hans")
    cases = [
        (_report(api, "note", 123456789), 404, "not_found"),
        (_report(api, "note", "not-an-id"), 404, "not_found"),
        (_report(api, "note", note["id"]), 404, "not_found"),  # private: the reporter cannot see it
        (_report(api, "planet", 1), 400, "invalid_target_type"),
        (_report(api, "user", author.pk, "because"), 400, "invalid_reason"),
        (_report(api, "user", author.pk, "spam", detail="x" * 600), 400, "detail_too_long"),
        (_report(client_for(author), "user", author.pk), 400, "cannot_report_self"),
        (api.post("/api/v1/reports", {"target_type": "user"}), 400, "invalid_input"),
        (client_for(stranger).post("/api/v1/reports", data="{", content_type="application/json"), 400, "malformed_json"),
    ]
    for response, status, code in cases:
        assert (response.status_code, response.json()["error"]["code"]) == (status, code), response.content
    assert not Case.objects.exists() and not Report.objects.exists()


@pytest.mark.redis
def test_a_report_flood_is_rate_limited_without_spamming_the_queue(make_user, client_for, settings):
    settings.VERMILION_RATE_LIMITS = {**settings.VERMILION_RATE_LIMITS, "report": (3, 3600)}
    flooder = make_user()
    targets = [make_user() for _ in range(5)]
    api = client_for(flooder)
    statuses = [_report(api, "user", t.pk).status_code for t in targets]
    assert statuses == [201, 201, 201, 429, 429]
    refused = _report(api, "user", targets[4].pk)
    assert "Retry-After" in refused.headers
    assert Case.objects.count() == 3 and Report.objects.count() == 3


def test_a_reported_message_request_becomes_a_case(make_user, client_for):
    spammer, target = make_user(), make_user()
    api = client_for(spammer)
    cid = api.post("/api/v1/conversations", {"username": target.username}).json()["id"]
    api.post(f"/api/v1/conversations/{cid}/messages", {"body": "buy followers cheap"})
    mine = client_for(target)
    assert mine.post(f"/api/v1/conversations/{cid}/report", {"reason": "spam"}).status_code == 200
    assert mine.post(f"/api/v1/conversations/{cid}/report", {"reason": "spam"}).status_code == 200
    case = Case.objects.get(target_type="user", target_id=spammer.pk)
    assert case.reports_count == 1 and case.evidence["first_message"] == "buy followers cheap"
    assert AuditEntry.objects.filter(case=case, action="report").count() == 1
