"""Moderator actions: only moderators, one winner per case, everything in the append-only audit
log, strikes that restrict, statements of reasons the affected person reads."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from vermilion.moderation.models import AuditEntry, Case, Decision, Restriction, Strike
from vermilion.notes.models import Note

pytestmark = pytest.mark.django_db(transaction=True)


def _reported_note(make_user, post_note, client_for, body="周末去爬山了"):
    author = make_user()
    note = post_note(author, title="周末", body=body)
    client_for(make_user()).post("/api/v1/reports", {"target_type": "note", "target_id": note["id"], "reason": "spam"})
    return author, note, Case.objects.get(target_type="note", target_id=note["id"])


def _act(api, case, action, reason="violates the rules", **extra):
    return api.post(f"/api/v1/moderation/cases/{case.pk}/actions", {"action": action, "reason": reason, **extra})


def test_non_moderators_get_403_everywhere(make_user, post_note, client_for, anon):
    _author, note, case = _reported_note(make_user, post_note, client_for)
    api = client_for(make_user())
    for response in (api.get("/api/v1/moderation/cases"), api.get(f"/api/v1/moderation/cases/{case.pk}"),
                     _act(api, case, "remove")):
        assert (response.status_code, response.json()["error"]["code"]) == (403, "forbidden")
    assert anon.get("/api/v1/moderation/cases").status_code == 401
    assert Case.objects.get(pk=case.pk).state == "open"
    assert Note.objects.get(pk=note["id"]).moderation == "ok"


def test_queue_is_ordered_by_severity_then_reach_and_filterable(make_user, make_moderator, post_note, client_for):
    mod = client_for(make_moderator())
    author = make_user()
    mild = post_note(author, title="a", body="周末去爬山了")
    grave = post_note(author, title="b", body="今天做了蛋糕")
    english = post_note(author, title="c", body="A quiet walk by the lake")
    reporter = client_for(make_user())
    reporter.post("/api/v1/reports", {"target_type": "note", "target_id": mild["id"], "reason": "other"})
    reporter.post("/api/v1/reports", {"target_type": "note", "target_id": grave["id"], "reason": "illegal"})
    reporter.post("/api/v1/reports", {"target_type": "note", "target_id": english["id"], "reason": "harassment"})
    items = mod.get("/api/v1/moderation/cases").json()["items"]
    assert [i["target_id"] for i in items] == [grave["id"], english["id"], mild["id"]]
    only_en = mod.get("/api/v1/moderation/cases?language=en").json()["items"]
    assert [i["target_id"] for i in only_en] == [english["id"]]
    detail = mod.get(f"/api/v1/moderation/cases/{items[0]['id']}").json()
    assert detail["content"]["title"] == "b" and detail["author_history"]["username"] == author.username
    assert detail["reports_list"][0]["reason"] == "illegal"
    assert detail["content"]["translation_url"] == f"/api/v1/notes/{grave['id']}/translation"


def test_remove_requires_a_reason_then_removes_strikes_and_explains(make_user, make_moderator, post_note, client_for):
    author, note, case = _reported_note(make_user, post_note, client_for)
    mod = client_for(make_moderator())
    missing = _act(mod, case, "remove", reason="  ")
    assert (missing.status_code, missing.json()["error"]["code"]) == (400, "reason_required")
    assert _act(mod, case, "explode").json()["error"]["code"] == "invalid_action"
    assert _act(mod, case, "mute", hours=0).json()["error"]["code"] == "invalid_duration"
    assert Case.objects.get(pk=case.pk).state == "open"
    done = _act(mod, case, "remove", reason="Spam links")
    assert done.status_code == 200, done.content
    assert done.json()["case"]["state"] == "resolved" and done.json()["decision"]["restriction"] == "remove"
    assert Note.objects.get(pk=note["id"]).moderation == "removed"
    assert Strike.objects.filter(user=author).count() == 1
    statement = client_for(author).get("/api/v1/me/decisions").json()["items"][0]
    assert statement["facts"].startswith("Spam links") and statement["automated_decision"] is False
    assert statement["redress"] and statement["can_appeal"] is True


def test_strikes_reaching_the_threshold_mute_the_account(make_user, make_moderator, post_note, client_for):
    mod = client_for(make_moderator())
    author = make_user()
    reporter = client_for(make_user())
    for i in range(2):
        note = post_note(author, title=f"n{i}", body=f"第{i}篇")
        reporter.post("/api/v1/reports", {"target_type": "note", "target_id": note["id"], "reason": "spam"})
        _act(mod, Case.objects.get(target_id=note["id"]), "remove")
    assert Restriction.objects.get(user=author).kind == "mute"
    blocked = client_for(author).post("/api/v1/notes", {"title": "t", "body": "b", "media_ids": []})
    assert (blocked.status_code, blocked.json()["error"]["code"]) == (403, "account_restricted")


def test_ban_deactivates_and_revokes(make_user, make_moderator, client_for):
    target = make_user()
    client_for(make_user()).post("/api/v1/reports",
                                 {"target_type": "user", "target_id": str(target.pk), "reason": "impersonation"})
    api = client_for(target)
    assert api.get("/api/v1/me").status_code == 200
    _act(client_for(make_moderator()), Case.objects.get(target_id=target.pk), "ban", reason="Fake account")
    assert api.get("/api/v1/me").status_code == 401
    assert Decision.objects.get(user=target).action == "ban"


def test_conflicting_concurrent_actions_one_wins_both_are_logged(make_user, make_moderator, post_note, client_for):
    from tests.conftest import race

    _author, note, case = _reported_note(make_user, post_note, client_for)
    first, second = client_for(make_moderator()), client_for(make_moderator())
    results = race([lambda: _act(first, case, "approve", "fine"), lambda: _act(second, case, "remove", "spam")])
    statuses = sorted(r.status_code for r in results)
    assert statuses == [200, 409]
    loser = next(r for r in results if r.status_code == 409)
    assert loser.json()["error"]["code"] == "case_already_resolved"
    log = list(AuditEntry.objects.filter(case=case).exclude(action="report").values_list("outcome", flat=True))
    assert sorted(log) == ["applied", "conflict"]
    winner = Case.objects.get(pk=case.pk).resolution
    assert Note.objects.get(pk=note["id"]).moderation == ("ok" if winner == "approve" else "removed")


def test_acting_on_deleted_content_closes_the_case_and_logs_it(make_user, make_moderator, post_note, client_for):
    author, note, case = _reported_note(make_user, post_note, client_for)
    client_for(author).delete(f"/api/v1/notes/{note['id']}")
    gone = _act(client_for(make_moderator()), case, "remove")
    assert (gone.status_code, gone.json()["error"]["code"]) == (410, "content_gone")
    assert Case.objects.get(pk=case.pk).state == "resolved"
    assert AuditEntry.objects.filter(case=case, outcome="refused").count() == 1
    missing = client_for(make_moderator()).post("/api/v1/moderation/cases/999/actions", {"action": "remove", "reason": "x"})
    assert missing.status_code == 404


def test_the_audit_log_is_append_only_in_the_orm_and_in_the_database(make_user, settings):
    settings.VERMILION_AUDIT_DELETE_ALLOWED = False
    entry = AuditEntry.objects.create(action="approve", outcome="applied", reason="ok")
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="changed")
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(PermissionError):
        entry.delete()
    entry.reason = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    for sql in ("UPDATE moderation_auditentry SET reason = 'x'", "DELETE FROM moderation_auditentry"):
        with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEntry.objects.get(pk=entry.pk).reason == "ok"
