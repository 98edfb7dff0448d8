"""People and topic search, suggestions as you type, trending searches."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from vermilion.search.actions import current_hour
from vermilion.search.models import QueryCount, Suggestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user, post_note):  # type: ignore[no-untyped-def]
    chef = make_user("chef_li", display_name="李大厨", followers_count=50)
    chef.save()
    post_note(chef, title="家常红烧肉", body="#小红书美食 #家常菜")
    runner = make_user("runner", display_name="Morning Runner")
    post_note(runner, title="Morning run", body="#running")
    return chef, runner


def test_people_by_username_display_name_and_traditional(anon, people):
    def names(q: str) -> list[str]:
        return [p["username"] for p in anon.get("/api/v1/search/users", data={"q": q}).json()["items"]]

    assert names("chef") == ["chef_li"]
    assert names("大厨") == ["chef_li"]
    assert names("李大廚") == ["chef_li"]  # Traditional folds
    assert names("ldc") == ["chef_li"]  # pinyin initials
    assert names("morning") == ["runner"]


def test_topics_by_name_and_pinyin(anon, people):
    def names(q: str) -> list[str]:
        return [t["name"] for t in anon.get("/api/v1/search/topics", data={"q": q}).json()["items"]]

    assert names("美食") == ["小红书美食"]
    assert names("#家常") == ["家常菜"]
    assert names("xhs") == ["小红书美食"]
    assert names("RUNNING") == ["running"]


def test_suggestions_mix_topics_people_and_popular_queries(anon, people, client_for, make_user):
    for i in range(3):  # three different people searched it: it may be suggested now
        client_for(make_user(f"searcher{i}")).get("/api/v1/search/notes", data={"q": "红烧肉"})
    items = anon.get("/api/v1/search/suggest", data={"q": "红"}).json()["items"]
    assert {"kind": "query", "text": "红烧肉", "user": None} in items
    items = anon.get("/api/v1/search/suggest", data={"q": "xiaohong"}).json()["items"]
    assert [i["text"] for i in items if i["kind"] == "topic"] == ["小红书美食"]
    items = anon.get("/api/v1/search/suggest", data={"q": "李"}).json()["items"]
    assert [i["user"]["username"] for i in items if i["kind"] == "person"] == ["chef_li"]


def test_one_persons_searches_never_become_suggestions(client_for, make_user, anon, people):
    api = client_for(make_user("lonely"))
    for _ in range(5):
        api.get("/api/v1/search/notes", data={"q": "红烧肉"})
    assert QueryCount.objects.get(key="红烧肉").searches == 1
    assert anon.get("/api/v1/search/suggest", data={"q": "红烧"}).json()["items"] == []


def test_hidden_suggestions_and_blocked_people_are_not_offered(anon, people, client_for, make_user):
    Suggestion.objects.filter(kind="topic", key="小红书美食").update(hidden=True)
    assert anon.get("/api/v1/search/suggest", data={"q": "小红"}).json()["items"] == []
    assert anon.get("/api/v1/search/topics", data={"q": "小红书"}).json()["items"] == []
    chef, _runner = people
    reader = make_user("reader")
    client_for(chef).post(f"/api/v1/users/{reader.username}/block")
    api = client_for(reader)
    assert api.get("/api/v1/search/suggest", data={"q": "chef"}).json()["items"] == []
    assert api.get("/api/v1/search/users", data={"q": "chef"}).json()["items"] == []


def test_trending_is_what_rises_now_not_all_time_counts(anon):
    now = current_hour()
    # "咖啡" is searched a lot every day; "冰雹" suddenly now.
    QueryCount.objects.bulk_create([QueryCount(key="咖啡", hour=now - h, searches=20) for h in range(0, 24 * 7)])
    QueryCount.objects.create(key="冰雹", hour=now, searches=15)
    QueryCount.objects.create(key="不适合", hour=now, searches=40)
    for key in ("咖啡", "冰雹", "不适合"):
        Suggestion.objects.create(kind="query", key=key, label=key, weight=100, hidden=key == "不适合")
    cache.delete("search:trending")
    items = [i["text"] for i in anon.get("/api/v1/search/trending").json()["items"]]
    assert items[0] == "冰雹"
    assert "不适合" not in items  # hidden by moderation
    assert "咖啡" not in items  # steady, not rising
