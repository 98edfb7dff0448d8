"""The web pages of trust and safety: the console for moderators only, forms that act, the report
form, a person's decisions with appeal and JSON export, and the public transparency page."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from vermilion.moderation.models import AuditEntry, Case, Decision, Report
from vermilion.notes.models import Note

pytestmark = pytest.mark.django_db(transaction=True)


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_console_is_for_moderators_only(make_user, make_moderator, post_note, client_for):
    note = post_note(make_user(), title="周末", body="周末去爬山了")
    client_for(make_user()).post("/api/v1/reports", {"target_type": "note", "target_id": note["id"], "reason": "spam"})
    case = Case.objects.get()
    reader = signed_in(make_user())
    for path in ("/mod", f"/mod/cases/{case.pk}"):
        assert reader.get(path).status_code == 403
    assert reader.post(f"/mod/cases/{case.pk}/act", {"action": "remove", "reason": "x"}).status_code == 403
    assert Client().get("/mod").status_code == 302  # to sign in
    mod = signed_in(make_moderator())
    page = mod.get("/mod")
    assert page.status_code == 200 and f"/mod/cases/{case.pk}" in page.content.decode()
    detail = mod.get(f"/mod/cases/{case.pk}", headers={"Accept-Language": "zh-hans"})
    assert detail.status_code == 200 and 'data-key="r"' in detail.content.decode()
    assert "周末去爬山了" in detail.content.decode()
    assert Case.objects.get().state == "open"


def test_a_moderator_resolves_a_case_with_the_form(make_user, make_moderator, post_note, client_for):
    author = make_user()
    note = post_note(author, title="周末", body="周末去爬山了")
    client_for(make_user()).post("/api/v1/reports", {"target_type": "note", "target_id": note["id"], "reason": "spam"})
    case = Case.objects.get()
    mod = signed_in(make_moderator())
    missing = mod.post(f"/mod/cases/{case.pk}/act", {"action": "remove", "reason": ""}, follow=True)
    assert "Give a reason" in missing.content.decode() and Case.objects.get().state == "open"
    done = mod.post(f"/mod/cases/{case.pk}/act", {"action": "remove", "reason": "Spam"})
    assert done.status_code == 302 and Case.objects.get().state == "resolved"
    assert Note.objects.get(pk=note["id"]).moderation == "removed"
    late = signed_in(make_moderator()).post(f"/mod/cases/{case.pk}/act", {"action": "approve", "reason": "ok"}, follow=True)
    assert "Another moderator resolved this case first" in late.content.decode()
    assert list(AuditEntry.objects.filter(case=case).exclude(action="report").values_list("outcome", flat=True)
                .order_by("id")) == ["applied", "conflict"]


def test_report_page_decisions_appeal_and_transparency(make_user, make_moderator, post_note, client_for):
    author, reporter = make_user(), make_user()
    note = post_note(author, title="周末", body="周末去爬山了")
    web = signed_in(reporter)
    form = web.get(f"/report?type=note&id={note['id']}")
    assert form.status_code == 200 and 'value="harassment"' in form.content.decode()
    assert web.post("/report", {"target_type": "note", "target_id": note["id"], "reason": "harassment"}).status_code == 302
    assert Report.objects.count() == 1
    assert web.post("/report", {"target_type": "note", "target_id": "404404", "reason": "spam"}).status_code == 404
    signed_in(make_moderator()).post(f"/mod/cases/{Case.objects.get().pk}/act", {"action": "remove", "reason": "Rude"})
    decision = Decision.objects.get()
    mine = signed_in(author)
    page = mine.get("/decisions", headers={"Accept-Language": "zh-hans"})
    assert page.status_code == 200 and "Rude" in page.content.decode()
    exported = mine.get(f"/decisions/{decision.pk}.json")
    assert exported["Content-Type"].startswith("application/json")
    assert json.loads(exported.content)["restriction"] == "remove"
    assert signed_in(reporter).get(f"/decisions/{decision.pk}.json").status_code == 404
    assert mine.post(f"/decisions/{decision.pk}/appeal", {"statement": "It is my photo"}).status_code == 302
    assert Case.objects.filter(kind="appeal").count() == 1
    public = Client().get("/transparency")
    assert public.status_code == 200 and "1" in public.content.decode()
