"""Searching in the browser: suggestions as you type and on an empty box, results in the waterfall,
tabs and filters; on a desktop and on a 390×844 phone, in English and Chinese."""

from __future__ import annotations

import re

import pytest

from .conftest import phone_page, shot, sign_up

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


@pytest.fixture
def everyday(make_user, post_note, client_for):  # type: ignore[no-untyped-def]
    """Notes in both languages about coffee and hotpot, and a search three people made (trending)."""
    author = make_user("meimei_cooks", display_name="美美爱做饭")
    post_note(author, title="早茶之后来一杯拿铁", body="广州老城区的小店，奶味很足 #咖啡 #探店")
    post_note(author, title="重庆本地人的火锅店", body="九宫格牛油锅底，毛肚七上八下 #火锅")
    post_note(author, title="Hotpot night at home", body="Tomato broth on one side, mala on the other #hotpot")
    for i in range(3):
        client_for(make_user(f"searcher{i}")).get("/api/v1/search/notes", data={"q": "火锅"})


def _cards(page) -> list[str]:  # type: ignore[no-untyped-def]
    page.wait_for_selector(".note-card h3")
    return page.locator(".note-card h3").all_inner_texts()


@pytest.mark.parametrize(("language", "trending"), [("en", "Trending searches"), ("zh-CN", "热门搜索")])
def test_search_answers_on_a_phone(browser, live_server, everyday, language, trending):
    context, page = phone_page(browser, live_server.url, language=language, timeout=30_000)
    try:
        page.goto(page.base + "/")
        box = page.locator("#search-q")
        box.click()  # the empty box offers what is trending
        page.wait_for_selector("#search-suggestions:not([hidden]) .suggestion.trending")
        assert page.locator("#search-suggestions .suggest-heading").first.inner_text().strip() == trending
        assert "火锅" in page.locator("#search-suggestions .suggestion.trending").all_inner_texts()
        shot(page, f"search-phone-focus-{language}")

        box.fill("hg")  # pinyin initials of 火锅
        page.wait_for_selector("#search-suggestions:not([hidden]) .suggestion.topic")
        assert "#火锅" in page.locator("#search-suggestions .suggestion.topic").first.inner_text()

        box.fill("coffee")  # the English word finds the Chinese latte note
        box.press("Enter")
        page.wait_for_url(re.compile(r".*/search\?q=coffee.*"))
        assert "早茶之后来一杯拿铁" in _cards(page)
        shot(page, f"search-phone-coffee-{language}")

        for query in ("火锅", "hotpot"):  # hotpot notes in both languages, whichever language is typed
            page.goto(page.base + "/search?q=" + query)
            found = _cards(page)
            assert "重庆本地人的火锅店" in found and "Hotpot night at home" in found, (query, found)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing runs off the side
        assert page.errors == []
    finally:
        context.close()


def test_recent_searches_on_a_phone_are_offered_and_cleared(browser, live_server, everyday):
    context, page = phone_page(browser, live_server.url, timeout=30_000)
    try:
        sign_up(page, "phone_searcher")
        page.goto(page.base + "/search?q=coffee")
        _cards(page)
        page.locator("#search-q").fill("")
        page.locator("#search-q").blur()
        page.locator("#search-q").click()
        page.wait_for_selector("#search-suggestions:not([hidden]) .suggestion.recent")
        assert page.locator("#search-suggestions .suggestion.recent").all_inner_texts() == ["coffee"]
        page.click("#search-suggestions .suggest-clear")
        page.wait_for_selector("#search-suggestions .suggestion.recent", state="detached")
        assert "火锅" in page.locator("#search-suggestions .suggestion.trending").all_inner_texts()
        assert page.errors == []
    finally:
        context.close()
