"""What people do in the browser: sign up, post, react, get notified, in both languages."""

from __future__ import annotations

import re

import pytest

from .conftest import shot, sign_up

pytestmark = pytest.mark.django_db(transaction=True)



def test_post_react_comment_and_get_notified(new_page, photos):
    # A creator signs up choosing interests and posts a note with two photos.
    author = new_page()
    sign_up(author, "meimei")
    author.click("a.compose-link")
    author.set_input_files("[data-files]", [str(p) for p in photos])
    author.locator(".upload.ready").nth(1).wait_for()
    author.fill("[data-title]", "今天的猫税 🐱")
    author.fill("[data-body]", "第一次发笔记 #猫税 #CatTax")
    assert author.locator("[data-title-counter]").inner_text() == "7/20"  # 13 half-widths: CJK and emoji count 2, the space 1
    author.click("[data-publish]")
    author.wait_for_url(re.compile(r".*/n/\d+$"))
    note_url = author.url
    assert author.locator(".note-detail h1").inner_text() == "今天的猫税 🐱"
    assert author.locator(".carousel .slide").count() == 2
    author.locator(".carousel").focus()
    author.keyboard.press("ArrowRight")
    assert author.locator(".carousel .counter").inner_text() == "2/2"
    author.goto(author.base + "/u/meimei")
    author.wait_for_selector(".note-card")
    assert author.locator(".note-card h3").first.inner_text() == "今天的猫税 🐱"

    # A reader likes it, collects it into a new board, and comments; the author replies.
    reader = new_page()
    sign_up(reader, "jake")
    reader.goto(note_url)
    reader.click(".action.like")
    reader.wait_for_selector(".action.like[aria-pressed=true]")
    reader.click(".action.collect")
    reader.fill(".board-picker input[maxlength]", "Cats")
    reader.click(".board-picker .new-board button[type=submit]")
    reader.wait_for_selector(".action.collect[aria-pressed=true]")
    reader.fill(".comment-form textarea", "So cute! 好可爱")
    reader.click(".comment-form button[type=submit]")
    reader.wait_for_selector(".comment >> text=So cute! 好可爱")
    shot(reader, "note-detail-reader")

    author.goto(note_url)
    author.wait_for_selector(".comment")
    author.click(".comment .meta button:has-text('Reply')")
    author.fill(".comment-form textarea", "Thank you @jake")
    author.click(".comment-form button[type=submit]")
    author.wait_for_selector(".replies .comment >> text=Thank you")

    # The author sees the unread badge and the notifications.
    author.goto(author.base + "/")
    badge = author.locator("[data-unread]")
    badge.wait_for(state="visible")
    assert int(badge.inner_text()) >= 3
    author.goto(author.base + "/notifications")
    author.wait_for_selector(".notification")
    kinds = author.locator(".notification .what").all_inner_texts()
    assert any("liked your note" in k for k in kinds) and any("collected your note" in k for k in kinds)
    # Switching the language to 中文 changes the interface.
    author.select_option("#lang-select", "zh-hans")
    author.wait_for_selector(".tabs a[aria-current=page]:has-text('赞和收藏')")
    assert author.locator("a.compose-link").inner_text().endswith("发布")
    shot(author, "notifications-zh")
    assert not author.errors and not reader.errors


def test_overlay_on_desktop_and_page_on_phone(new_page, make_user, post_note):
    author = make_user("ahmao")
    note = post_note(author, title="Cat tax paid", body="here you go #CatTax", images=2)
    desktop = new_page(1280, 900)
    desktop.goto(desktop.base + "/")
    desktop.click(f"[data-open-note='{note['id']}']")
    desktop.wait_for_selector("dialog.note-overlay[open]")
    assert desktop.url.endswith(f"/n/{note['id']}")
    shot(desktop, "overlay-desktop")
    desktop.go_back()
    desktop.wait_for_selector("dialog.note-overlay", state="detached")
    assert desktop.url.rstrip("/") == desktop.base.rstrip("/")

    phone = new_page(390, 844)
    phone.goto(phone.base + "/")
    assert phone.locator("[data-waterfall]").get_attribute("data-columns") == "2"
    phone.click(f"[data-open-note='{note['id']}']")
    phone.wait_for_url(re.compile(rf".*/n/{note['id']}$"))
    assert phone.locator("dialog.note-overlay").count() == 0
    assert phone.locator(".note-detail h1").inner_text() == "Cat tax paid"
    shot(phone, "note-phone")
    assert not desktop.errors and not phone.errors


def test_chinese_interface(new_page, make_user, post_note):
    post_note(make_user("xiaolin"), title="上海的月亮", body="#摄影")
    page = new_page(1280, 900, language="zh-CN")
    page.goto(page.base + "/")
    assert page.locator(".tabs a[aria-current=page]").inner_text() == "发现"
    page.wait_for_selector(".note-card")
    page.click(".note-card [data-open-note]")
    page.wait_for_selector("dialog.note-overlay[open]")
    assert page.locator("dialog .comments-section h2").inner_text() == "评论"
    shot(page, "overlay-zh")
    assert not page.errors


def test_compose_bad_input_and_double_click(new_page, photos, tmp_path):
    from vermilion.notes.models import Note

    page = new_page(390, 844)
    sign_up(page, "hasty")
    page.goto(page.base + "/compose")
    # A text file pretending to be a photo: a clear error on that item, nothing else breaks.
    fake = tmp_path / "holiday.jpg"
    fake.write_text("not really a photo")
    page.set_input_files("[data-files]", [str(fake)])
    page.locator(".upload.failed .upload-error").wait_for()
    assert "JPEG" in page.locator(".upload-error").inner_text()
    page.click(".upload.failed .upload-tools button[aria-label=Remove]")
    # A title over the limit is refused with the reason next to the field; the text stays.
    page.set_input_files("[data-files]", [str(photos[0])])
    page.locator(".upload.ready").wait_for()
    page.fill("[data-title]", "这是一个非常非常非常非常非常非常长的标题超过了二十个字")
    page.fill("[data-body]", "正文 #猫税")
    assert "over" in (page.locator("[data-title-counter]").get_attribute("class") or "")
    page.click("[data-publish]")
    page.locator("[data-error-for=title]").wait_for(state="visible")
    assert page.locator("[data-body]").input_value() == "正文 #猫税"
    assert Note.objects.count() == 0
    # The text survives a reload (saved locally) until it is published.
    page.reload()
    assert page.locator("[data-body]").input_value() == "正文 #猫税"
    page.set_input_files("[data-files]", [str(photos[1])])
    page.locator(".upload.ready").wait_for()
    page.fill("[data-title]", "短标题")
    page.dblclick("[data-publish]")
    page.wait_for_url(re.compile(r".*/n/\d+$"))
    assert Note.objects.count() == 1
    shot(page, "compose-published-phone")
    assert not page.errors
