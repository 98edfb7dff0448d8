"""The first ten minutes' rough edges (issue 22), each with its bad cases: the password kept after a
sign-up error, reporting that returns you where you were, a moderator who cannot decide about their
own note, @mention suggestions for a newcomer, and the upload limits the pages refuse files by."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from vermilion.accounts.models import User
from vermilion.graph.actions import do_block, do_follow, do_mute
from vermilion.moderation.models import AuditEntry, Case
from vermilion.moderation.roles import grant_moderator

pytestmark = pytest.mark.django_db(transaction=True)

ZH = {"Accept-Language": "zh-hans"}


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_data(response: Any, element_id: str) -> Any:
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', response.content.decode())
    assert match, f"no {element_id} in page"
    return json.loads(match.group(1))


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# --- sign-up ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_signup_error_keeps_the_password_typed_and_speaks_the_readers_language(make_user, language):
    make_user("taken_name")
    response = Client().post("/signup", {"username": "taken_name", "password": "a-long-secret-1", "interests": ["pets"]},
                             headers={"Accept-Language": language})
    assert response.status_code in (400, 409)
    page = response.content.decode()
    assert re.search(r'<input id="id_password"[^>]*value="a-long-secret-1"', page)
    assert re.search(r'<input id="id_username"[^>]*value="taken_name"', page)
    error = re.search(r'<ul class="field-errors" role="alert"><li>(.*?)</li>', page)
    assert error
    assert has_chinese(error.group(1)) == (language == "zh-hans")
    assert User.objects.filter(username__iexact="taken_name").count() == 1  # nothing half-written


def test_a_password_with_markup_is_kept_escaped(make_user):
    make_user("taken_two")
    response = Client().post("/signup", {"username": "taken_two", "password": 'x"><script>alert(1)</script>'})
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert 'value="x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page


@pytest.mark.parametrize(("given", "landing"), [("/compose?draft=1", "/compose?draft=1"), ("https://evil.example/", "/"),
                                              ("javascript:alert(1)", "/"), ("//evil.example", "/")])
def test_signing_in_follows_only_a_next_on_this_site(make_user, given, landing):
    make_user("returning")
    response = Client().post("/login", {"username": "returning", "password": "correct-horse-9", "next": given})
    assert response.status_code == 302 and response["Location"] == landing


# --- reporting returns you where you were ----------------------------------------------------


@pytest.fixture
def reported_note(make_user, post_note) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return post_note(make_user("author_r"), title="周末", body="周末去爬山了")


def _report(web: Client, note_id: str, **extra: str) -> Any:
    return web.post("/report", {"target_type": "note", "target_id": note_id, "reason": "spam", **extra})


def test_reporting_returns_to_the_page_given_as_next(make_user, reported_note):
    web = signed_in(make_user("reporter_a"))
    done = _report(web, reported_note["id"], next="/search?q=%E5%91%A8%E6%9C%AB")
    assert done.status_code == 302 and done["Location"] == "/search?q=%E5%91%A8%E6%9C%AB"


def test_reporting_returns_to_the_page_that_linked_to_the_form(make_user, reported_note):
    web = signed_in(make_user("reporter_b"))
    note_url = f"/n/{reported_note['id']}"
    form = web.get(f"/report?type=note&id={reported_note['id']}", headers={"Referer": f"http://testserver{note_url}"})
    assert form.status_code == 200
    assert f'name="next" value="{note_url}"' in form.content.decode()
    done = _report(web, reported_note["id"], next=note_url)
    assert done.status_code == 302 and done["Location"] == note_url


@pytest.mark.parametrize("bad", ["https://evil.example/phish", "//evil.example/x", "javascript:alert(1)",
                                 "/\\evil.example", "http://testserver.evil.example/", "data:text/html,hi"])
def test_a_bad_next_is_ignored_and_the_note_is_where_you_go_back(make_user, reported_note, bad):
    web = signed_in(make_user("reporter_c"))
    done = _report(web, reported_note["id"], next=bad)
    assert done.status_code == 302 and done["Location"] == f"/n/{reported_note['id']}"
    form = web.get(f"/report?type=note&id={reported_note['id']}&next={bad}", headers={"Referer": bad})
    assert f'name="next" value="/n/{reported_note["id"]}"' in form.content.decode()


def test_a_report_from_another_host_referer_or_the_form_itself_goes_back_to_the_note(make_user, reported_note):
    web = signed_in(make_user("reporter_d"))
    own_form = f"http://testserver/report?type=note&id={reported_note['id']}"
    for referer in ("https://elsewhere.example/n/1", own_form):
        form = web.get(f"/report?type=note&id={reported_note['id']}", headers={"Referer": referer})
        assert f'name="next" value="/n/{reported_note["id"]}"' in form.content.decode(), referer


def test_a_failed_report_keeps_where_to_go_back(make_user, reported_note):
    web = signed_in(make_user("reporter_e"))
    failed = web.post("/report", {"target_type": "note", "target_id": reported_note["id"], "reason": "nonsense",
                                  "next": "/u/author_r"}, headers=ZH)
    assert failed.status_code == 200
    assert 'name="next" value="/u/author_r"' in failed.content.decode()
    assert not Case.objects.exists()


# --- a moderator never decides about their own content ----------------------------------------


@pytest.fixture
def make_moderator(make_user):  # type: ignore[no-untyped-def]
    def make(username: str) -> User:
        user = make_user(username)
        grant_moderator(user)
        return User.objects.get(pk=user.pk)  # fresh: permissions are cached per instance

    return make


@pytest.fixture
def own_case(make_user, make_moderator, post_note, client_for):  # type: ignore[no-untyped-def]
    moderator = make_moderator("mod_author")
    note = post_note(moderator, title="我的笔记", body="我自己的笔记")
    client_for(make_user("someone")).post("/api/v1/reports", {"target_type": "note", "target_id": note["id"],
                                                               "reason": "spam"})
    return moderator, Case.objects.get(), note


def test_the_api_refuses_a_decision_about_your_own_note_in_your_language(own_case, client_for):
    moderator, case, _note = own_case
    for language, chinese in (("en", False), ("zh-hans", True)):
        answer = client_for(moderator, language).post(f"/api/v1/moderation/cases/{case.pk}/actions",
                                                      {"action": "approve", "reason": "looks fine to me"})
        assert answer.status_code == 403
        error = answer.json()["error"]
        assert error["code"] == "own_case" and has_chinese(error["message"]) == chinese
    case.refresh_from_db()
    assert case.state == "open"
    refused = AuditEntry.objects.filter(case=case, outcome="refused")
    assert refused.count() == 2 and {entry.details["why"] for entry in refused} == {"own_case"}


def test_the_api_refuses_before_checking_the_rest_of_the_form(own_case, client_for):
    moderator, case, _note = own_case
    answer = client_for(moderator).post(f"/api/v1/moderation/cases/{case.pk}/actions", {"action": "remove", "reason": ""})
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "own_case"


def test_your_own_case_is_not_in_your_queue_but_in_everyone_elses(own_case, make_moderator, client_for):
    moderator, case, _note = own_case
    mine = client_for(moderator).get("/api/v1/moderation/cases").json()["items"]
    assert str(case.pk) not in [c["id"] for c in mine]
    other = make_moderator("mod_other")
    theirs = client_for(other).get("/api/v1/moderation/cases").json()["items"]
    assert str(case.pk) in [c["id"] for c in theirs]
    assert str(case.pk) not in signed_in(moderator).get("/mod").content.decode()


def test_the_web_console_shows_whose_case_it_is_and_refuses_with_403(own_case, make_moderator):
    moderator, case, _note = own_case
    web = signed_in(moderator)
    page = web.get(f"/mod/cases/{case.pk}", headers=ZH)
    assert page.status_code == 200
    html = page.content.decode()
    assert "data-own-case" in html and "需由其他审核员处理" in html and "data-mod-form" not in html
    refused = web.post(f"/mod/cases/{case.pk}/act", {"action": "approve", "reason": "mine is fine"}, headers=ZH)
    assert refused.status_code == 403
    assert 'role="alert"' in refused.content.decode() and "需由其他审核员处理" in refused.content.decode()
    case.refresh_from_db()
    assert case.state == "open"
    assert AuditEntry.objects.filter(case=case, outcome="refused", actor=moderator).count() == 1
    other = signed_in(make_moderator("mod_third"))
    assert "data-mod-form" in other.get(f"/mod/cases/{case.pk}").content.decode()
    done = other.post(f"/mod/cases/{case.pk}/act", {"action": "approve", "reason": "Nothing wrong"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.state == "resolved" and case.resolved_by_id != moderator.pk


def test_a_moderator_cannot_decide_a_report_about_their_own_account(make_user, make_moderator, client_for):
    moderator = make_moderator("mod_reported")
    client_for(make_user("complainer")).post("/api/v1/reports", {"target_type": "user", "target_id": str(moderator.pk),
                                                                  "reason": "impersonation"})
    case = Case.objects.get()
    answer = client_for(moderator).post(f"/api/v1/moderation/cases/{case.pk}/actions", {"action": "approve", "reason": "no"})
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "own_case"
    assert User.objects.get(pk=moderator.pk).is_active


# --- @mention suggestions ---------------------------------------------------------------------


def _names(client: Any, q: str = "") -> list[str]:
    response = client.get(f"/api/v1/mentions?q={q}")
    assert response.status_code == 200, response.content
    return [person["username"] for person in response.json()]


def test_a_newcomer_who_follows_no_one_still_gets_suggestions(make_user, client_for):
    make_user("lina_chef", followers_count=900, notes_count=40)
    make_user("lina_quiet")
    make_user("bob_popular", followers_count=5000)
    newcomer = make_user("newbie")
    api = client_for(newcomer)
    assert _names(api, "lin") == ["lina_chef", "lina_quiet"]
    assert _names(api)[:2] == ["bob_popular", "lina_chef"]
    assert "newbie" not in _names(api, "new")


def test_people_you_dealt_with_come_first_then_popular_ones(make_user, client_for, post_note):
    writer = make_user("writer")
    make_user("ann_star", followers_count=10_000)
    friend = make_user("ann_friend")
    commenter = make_user("ann_commenter")
    do_follow(writer, friend)
    note = post_note(writer, title="我的早餐", body="豆浆油条")
    assert client_for(commenter).post(f"/api/v1/notes/{note['id']}/comments", {"body": "好香"}).status_code == 201
    # The latest contact first (the comment came after the follow), then the most followed stranger.
    assert _names(client_for(writer), "ann") == ["ann_commenter", "ann_friend", "ann_star"]


def test_display_names_match_too_and_an_at_sign_is_ignored(make_user, client_for):
    make_user("xiaomei", display_name="小美爱吃")
    api = client_for(make_user("searcher"))
    assert _names(api, "小美") == ["xiaomei"]
    assert _names(api, "%40xiao") == ["xiaomei"]


def test_blocked_muted_and_banned_people_are_never_suggested(make_user, client_for):
    viewer = make_user("viewer")
    blocked, blocker, muted = make_user("zed_blocked"), make_user("zed_blocker"), make_user("zed_muted")
    make_user("zed_banned", is_active=False, followers_count=99_999)
    make_user("zed_fine")
    do_follow(viewer, blocked)
    do_block(viewer, blocked)
    do_block(blocker, viewer)
    do_mute(viewer, muted)
    assert _names(client_for(viewer), "zed") == ["zed_fine"]


def test_mention_suggestions_need_sign_in_and_a_short_prefix(make_user, client_for, anon):
    assert anon.get("/api/v1/mentions?q=a").status_code == 401
    too_long = client_for(make_user("typer"), "zh-hans").get("/api/v1/mentions?q=" + "a" * 25)
    assert too_long.status_code == 400 and too_long.json()["error"]["code"] == "invalid_input"
    assert has_chinese(too_long.json()["error"]["message"])
    assert _names(client_for(make_user("typer2")), "no_such_person_zz") == []


# --- upload limits on the pages ---------------------------------------------------------------


def test_compose_and_messages_pages_carry_the_upload_limits_and_refusals(make_user, settings):
    web = signed_in(make_user("composer"))
    for path in ("/compose", "/messages"):
        rules = page_data(web.get(path, headers=ZH), "upload-rules")
        assert rules["max_bytes"] == {"image": settings.VERMILION_MEDIA["max_image_bytes"],
                                      "video": settings.VERMILION_MEDIA["max_video_bytes"]}
        mb = settings.VERMILION_MEDIA["max_image_bytes"] // (1024 * 1024)
        assert has_chinese(rules["too_large"]["image"]) and f"{mb} MB" in rules["too_large"]["image"]


def test_compose_offers_the_camera_and_the_gallery(make_user):
    page = signed_in(make_user("camera_user")).get("/compose").content.decode()
    camera = re.search(r'<input id="compose-camera"[^>]*>', page)
    assert camera and 'capture="environment"' in camera.group(0) and 'accept="image/*,video/*"' in camera.group(0)
    gallery = re.search(r'<input id="compose-files"[^>]*>', page)
    assert gallery and "capture" not in gallery.group(0) and "multiple" in gallery.group(0)
