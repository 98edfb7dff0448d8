"""A moderator works the queue with the keyboard: j/k to pick a case, Enter to open it, a letter
to choose the action, a reason, Ctrl+Enter to apply; the author then reads the statement."""

from __future__ import annotations

import re

import pytest

from .conftest import shot

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base + "/login")
    page.fill("#id_username", username)
    page.fill("#id_password", "correct-horse-9")
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


def test_moderator_resolves_a_case_with_keyboard_shortcuts(new_page, make_user, post_note, client_for):
    from vermilion.moderation.models import Case
    from vermilion.moderation.roles import grant_moderator
    from vermilion.notes.models import Note

    author, reporter = make_user("meimei"), make_user("jake")
    mild = post_note(author, title="周末", body="周末去爬山了")
    grave = post_note(author, title="好物", body="今天分享一个小工具")
    for note, reason in ((mild, "other"), (grave, "illegal")):
        client_for(reporter).post("/api/v1/reports", {"target_type": "note", "target_id": note["id"], "reason": reason})
    grant_moderator(make_user("lin_reviewer"))

    page = new_page()
    sign_in(page, "lin_reviewer")
    page.click("[data-mod-link]")
    page.wait_for_selector("[data-mod-queue] li.selected")
    # The most severe case (the "illegal" report) is first and selected; j moves down, k back up.
    page.keyboard.press("j")
    page.keyboard.press("k")
    page.keyboard.press("Enter")
    page.wait_for_selector("form[data-mod-form]")
    assert "今天分享一个小工具" in page.inner_text("[data-mod-content]")
    page.keyboard.press("r")
    assert page.locator("input[name=action][value=remove]").is_checked()
    assert page.evaluate("document.activeElement.name") == "reason"
    page.keyboard.type("Illegal goods for sale")
    shot(page, "moderation-case")
    page.keyboard.press("Control+Enter")
    # Applying moves on to the next case in the queue.
    page.wait_for_url(re.compile(r".*/mod/cases/\d+$"))
    page.wait_for_selector(".flash")
    assert Note.objects.get(pk=grave["id"]).moderation == "removed"
    assert Case.objects.get(target_id=grave["id"]).resolution == "remove"
    assert "周末去爬山了" in page.inner_text("[data-mod-content]")
    page.keyboard.press("a")
    page.keyboard.type("Fine")
    page.keyboard.press("Control+Enter")
    page.wait_for_url(re.compile(r".*/mod$"))
    assert Case.objects.filter(state="open").count() == 0
    assert page.errors == []

    mine = new_page()
    sign_in(mine, "meimei")
    mine.goto(mine.base + "/decisions")
    assert "Illegal goods for sale" in mine.inner_text("main")
    mine.fill("textarea[name=statement]", "It is a legal tool.")
    mine.click("article.statement form button[type=submit]")
    mine.wait_for_selector(".flash")
    assert Case.objects.filter(kind="appeal", state="open").count() == 1
    assert mine.errors == []


def test_an_author_labels_a_sponsored_note_and_a_reader_reports_it(new_page, make_user, photos):
    from vermilion.moderation.models import Report
    from vermilion.notes.models import Note

    make_user("meimei")
    make_user("jake")
    author = new_page()
    sign_in(author, "meimei")
    author.goto(author.base + "/compose")
    author.set_input_files("[data-files]", [str(photos[0])])
    author.locator(".upload.ready").first.wait_for()
    author.fill("[data-title]", "品牌方寄的面霜")
    author.fill("[data-body]", "用了两周，到手价99元，包邮")
    author.locator("[data-sponsored]").check(force=True)
    author.click("[data-publish]")
    author.wait_for_url(re.compile(r".*/n/\d+$"))
    note_id = author.url.rsplit("/", 1)[1]
    author.wait_for_selector(".label-badge")
    assert Note.objects.get(pk=note_id).sponsored is True
    assert author.locator(".status-badge").count() == 0  # disclosed: not flagged as undisclosed advertising
    assert author.errors == []

    reader = new_page()
    sign_in(reader, "jake")
    reader.goto(f"{reader.base}/n/{note_id}")
    reader.click("a[data-report]")
    reader.locator("input[name=reason][value=advertising]").check(force=True)
    reader.click("main form button[type=submit]")
    reader.wait_for_selector(".flash")
    assert Report.objects.get().reason == "advertising"
