"""A reader taps Translate on a note and a comment in another language, and back to the original.

The fake engine (test settings) answers at once and tags what it translated, so the journey checks
the UI's wiring, not a model; tests/translation/test_llm.py covers the real model.
"""

from __future__ import annotations

import re

import pytest

from .conftest import shot, sign_up

pytestmark = pytest.mark.django_db(transaction=True)



def test_translate_a_note_and_a_comment_then_show_the_original(new_page, make_user, post_note, client_for):
    author = make_user("meimei")
    note = post_note(author, title="今天的猫税", body="我家猫每天五点叫我起床 #猫税\n真的好困")
    client_for(make_user("sam_w")).post(f"/api/v1/notes/{note['id']}/comments", {"body": "Such a cute cat!"})

    reader = new_page()
    sign_up(reader, "jake")
    reader.goto(f"{reader.base}/n/{note['id']}")
    reader.wait_for_selector(".note-detail h1")
    # The comment is in the reader's language: nothing to translate there.
    reader.wait_for_selector(".comment >> text=Such a cute cat!")
    assert reader.locator(".comment .translate-button").count() == 0
    reader.click(".note-translate .translate-button")
    reader.wait_for_selector(".note-detail h1.translated")
    assert reader.locator(".note-detail h1").inner_text() == "〔en〕今天的猫税"
    assert reader.locator(".note-detail p.body").inner_text() == "〔en〕我家猫每天五点叫我起床 #猫税\n〔en〕真的好困"
    assert reader.locator(".note-translate .translate-button").inner_text() == "Show original"
    shot(reader, "note-translated")
    reader.click(".note-translate .translate-button")
    reader.wait_for_selector(".note-detail h1:not(.translated)")
    assert reader.locator(".note-detail h1").inner_text() == "今天的猫税"
    assert reader.locator(".note-detail p.body a.topic, .note-detail p.body a").count() >= 1  # links are back
    assert reader.errors == []

    # A Chinese reader sees Translate on the English comment, in Chinese.
    zh_reader = new_page(language="zh-CN")
    sign_up(zh_reader, "xiaoli")
    zh_reader.goto(f"{zh_reader.base}/n/{note['id']}")
    button = zh_reader.locator(".comment .translate-button")
    button.wait_for()
    assert button.inner_text() == "翻译"
    assert zh_reader.locator(".note-translate").count() == 0  # the note is already in Chinese
    button.click()
    zh_reader.wait_for_selector(".comment .comment-text.translated")
    assert zh_reader.locator(".comment .comment-text").inner_text() == "〔zh〕Such a cute cat!"
    assert zh_reader.errors == []


def test_auto_translate_and_a_missing_engine(new_page, make_user, post_note, settings):
    note = post_note(make_user("meimei"), title="今天的猫税", body="我家猫")
    reader = new_page()
    sign_up(reader, "jake")
    reader.goto(reader.base + "/settings")
    reader.locator("input[name=auto_translate]").check()
    reader.click("form:has(input[name=auto_translate]) button[type=submit]")
    reader.wait_for_url(re.compile(r".*/settings$"))
    assert reader.locator("input[name=auto_translate]").is_checked()
    reader.goto(f"{reader.base}/n/{note['id']}")
    reader.wait_for_selector(".note-detail h1.translated")
    assert reader.locator(".note-detail h1").inner_text() == "〔en〕今天的猫税"

    # With no engine the button says so, and the page goes on working.
    settings.VERMILION_TRANSLATION = {**settings.VERMILION_TRANSLATION, "ENGINE": "off"}
    other = post_note(make_user("sam_w"), title="新的笔记", body="还没有翻译过")
    reader.goto(f"{reader.base}/n/{other['id']}")
    reader.wait_for_selector(".translate-status >> text=Translation is not available right now. Please try again later.")
    assert reader.locator(".note-detail h1").inner_text() == "新的笔记"
    reader.click(".action.like")
    reader.wait_for_selector(".action.like[aria-pressed=true]")
    assert reader.errors == []
