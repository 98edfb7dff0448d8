"""The /search page: what an empty search offers, searches that count, refused filters in the reader's language."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from vermilion.search.models import QueryCount, RecentSearch

pytestmark = pytest.mark.django_db


def _signed_in(user, language: str = "en") -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


@pytest.fixture
def notes(make_user, post_note):  # type: ignore[no-untyped-def]
    author = make_user("meimei")
    post_note(author, title="早茶之后来一杯拿铁", body="广州的小店 #咖啡")
    post_note(author, title="Hotpot night at home", body="Tomato broth #hotpot")


def test_a_search_on_the_page_counts_and_is_remembered(make_user, notes):
    reader = make_user("reader")
    page = _signed_in(reader)
    assert page.get("/search", {"q": "coffee"}).status_code == 200
    assert QueryCount.objects.get(key="coffee").searches == 1
    assert list(RecentSearch.objects.filter(user=reader).values_list("label", flat=True)) == ["coffee"]
    # Three people searching the same word make it trending, shown on the empty search page.
    for name in ("second", "third"):
        _signed_in(make_user(name)).get("/search", {"q": "coffee"})
    cache.delete("search:trending")
    empty = page.get("/search").content.decode()
    assert 'class="recent-searches"' in empty and "<h2>Recent searches</h2>" in empty and "Trending searches" in empty
    assert empty.count(">coffee</a>") == 2  # my recent search, and trending


def test_recent_searches_are_cleared_from_the_page(make_user, notes):
    reader = make_user("reader")
    page = _signed_in(reader, "zh-hans")
    page.get("/search", {"q": "火锅"})
    body = page.get("/search").content.decode()
    assert "最近搜索" in body and "清空" in body
    response = page.post("/search", {"clear": "recent"})
    assert response.status_code == 302
    assert not RecentSearch.objects.filter(user=reader).exists()
    assert 'class="recent-searches"' not in page.get("/search").content.decode()


def test_anonymous_readers_have_no_recent_searches_and_cannot_clear(client, notes):
    client.get("/search", {"q": "coffee"})
    assert not RecentSearch.objects.exists()
    assert client.post("/search", {"clear": "recent"}).status_code == 302
    assert 'class="recent-searches"' not in client.get("/search").content.decode()


@pytest.mark.parametrize(("param", "value"), [("sort", "sideways"), ("type", "gif"), ("time", "yesterday"),
                                              ("scope", "everyone"), ("tab", "places")])
def test_an_unknown_filter_is_a_400_page_in_the_readers_language(make_user, notes, param, value):
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/search", {"q": "coffee", param: value})
    assert english.status_code == 400
    assert "There is no such choice" in english.content.decode()
    chinese = _signed_in(make_user("reader"), "zh-hans").get("/search", {"q": "coffee", param: value})
    assert chinese.status_code == 400
    assert "没有这个选项" in chinese.content.decode()
    assert not QueryCount.objects.exists()  # a refused search is not counted


def test_known_filters_and_empty_values_still_work(client, notes):
    assert client.get("/search", {"q": "coffee", "sort": "comments", "time": "day"}).status_code == 200
    assert client.get("/search", {"q": "coffee", "sort": "", "tab": ""}).status_code == 200
    assert client.get("/search", {"q": "x" * 500}).status_code == 200  # cut to the longest query, not refused
