"""Searching in the browser: suggestions as you type, results in the waterfall, tabs and filters."""

from __future__ import annotations

import re

import pytest

from .conftest import shot

pytestmark = pytest.mark.django_db(transaction=True)


def test_search_from_the_top_bar(new_page, make_user, post_note):
    author = make_user("chef_li", display_name="李大厨")
    post_note(author, title="上海最好吃的小笼包", body="排队一小时 #上海美食")
    post_note(author, title="Weekend hiking in the Alps", body="Mountain huts #hiking")

    page = new_page(language="zh-CN")
    page.set_default_timeout(30_000)  # the first search in the server loads jieba and the encoder
    page.goto(page.base + "/")
    box = page.locator("#search-q")
    box.fill("shanghai")  # pinyin of a topic's name: suggested while typing
    page.wait_for_selector("#search-suggestions:not([hidden]) .suggestion.topic")
    assert "上海美食" in page.locator("#search-suggestions .suggestion.topic").first.inner_text()

    box.fill("小籠包")  # Traditional, folded to Simplified
    box.press("Enter")
    page.wait_for_url(re.compile(r".*/search\?q=.*"))
    page.wait_for_selector(".note-card")
    assert page.locator(".note-card h3").first.inner_text() == "上海最好吃的小笼包"

    page.goto(page.base + "/search?q=soup+dumplings+in+Shanghai")  # English finds the Chinese note by meaning
    page.wait_for_selector(".note-card .reason")
    assert page.locator(".note-card h3").first.inner_text() == "上海最好吃的小笼包"
    shot(page, "search-cross-language")

    page.select_option("select[name=type]", "video")
    page.wait_for_url(re.compile(r".*type=video.*"))
    page.wait_for_selector(".feed-status:has-text('没有找到笔记')")

    # People are found by their names: search the chef, then switch to the People tab.
    box.fill("李大厨")
    box.press("Enter")
    page.wait_for_url(re.compile(r".*/search\?q=.*"))
    page.click("nav.tabs >> text=用户")
    page.wait_for_url(re.compile(r".*tab=users.*"))
    page.wait_for_selector(".person")
    assert "李大厨" in page.locator(".person").first.inner_text()
    assert page.errors == []
