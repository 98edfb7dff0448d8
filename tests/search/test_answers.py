"""Search that answers: everyday words across languages, pinyin initials, suggestions on an empty
box, recent searches, and sorts that only reorder what the filters keep."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from vermilion.kit.segment import query_concepts
from vermilion.notes.models import Note
from vermilion.search.actions import KEEP_RECENT, current_hour
from vermilion.search.crosslingual import expand, translations
from vermilion.search.lexicon import parse
from vermilion.search.models import QueryCount, RecentSearch, Suggestion

from .conftest import titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def everyday(make_user, post_note):  # type: ignore[no-untyped-def]
    author = make_user("everyday")
    made = {
        "latte": post_note(author, title="早茶之后来一杯拿铁", body="广州老城区的小店 #咖啡 #探店"),
        "pourover": post_note(author, title="Pour-over at home", body="My coffee ratio, finally right #coffee"),
        "hotpot_zh": post_note(author, title="重庆本地人的火锅店", body="九宫格牛油锅底 #火锅"),
        "hotpot_en": post_note(author, title="Hotpot night at home", body="Tomato broth and mala #hotpot"),
        "hotpot_cq": post_note(author, title="Chongqing hot pot at midnight", body="A train went through a building"),
        "cat_zh": post_note(author, title="今天的猫税", body="三只猫里最凶的那只 #猫税"),
        "cat_en": post_note(author, title="Paying my cat tax", body="Biscuit at the window #CatTax"),
        "noodles_zh": post_note(author, title="重庆小面的早晨", body="豌杂面加煎蛋，一碗面条"),
        "meeting": post_note(author, title="第一次见面", body="和网友在公园见面聊天"),
        "tea": post_note(author, title="明前龙井", body="玻璃杯泡茶，看茶叶立起来"),
        "dumplings": post_note(author, title="Sunday dumpling folding", body="Pork and chive, grandma's ratio"),
        "metro": post_note(author, title="上海地铁换乘攻略", body="二十条线路怎么换乘"),
        "boba": post_note(author, title="台北奶茶店推荐", body="黑糖珍珠现煮"),
        "xhs": post_note(author, title="给新朋友的黑话词典", body="种草、拔草、马住 #小红书"),
    }
    return {key: note["title"] for key, note in made.items()}


def test_lexicon_is_a_few_hundred_everyday_pairs():
    entries = parse()
    assert len(entries) >= 250
    assert all(e.english and (e.chinese or e.query_only) for e in entries)
    english = {word for e in entries for word in e.english}
    assert {"coffee", "hotpot", "cat", "latte", "noodle", "tea", "dumpling", "subway", "metro"} <= english


@pytest.mark.parametrize(("query", "expected"), [
    ("coffee", {"latte", "pourover"}), ("咖啡", {"latte", "pourover"}),
    ("hotpot", {"hotpot_zh", "hotpot_en", "hotpot_cq"}), ("hot pot", {"hotpot_zh", "hotpot_en", "hotpot_cq"}),
    ("火锅", {"hotpot_zh", "hotpot_en", "hotpot_cq"}), ("重庆火锅", {"hotpot_zh", "hotpot_cq"}),
    ("cat", {"cat_zh", "cat_en"}), ("猫", {"cat_zh", "cat_en"}), ("latte", {"latte"}), ("拿铁", {"latte"}),
    ("dumplings", {"dumplings"}), ("饺子", {"dumplings"}), ("subway", {"metro"}), ("metro", {"metro"}),
    ("bubble tea", {"boba"}), ("rednote", {"xhs"}),
])
def test_everyday_words_match_in_both_languages(search, everyday, query, expected):
    found = set(titles(search(query)))
    assert {everyday[key] for key in expected} <= found, (query, found)


def test_a_cross_language_word_match_says_so(search, everyday):
    item = next(i for i in search("coffee").json()["items"] if i["title"] == everyday["latte"])
    assert item["match"]["matched"] in ("words", "words_and_meaning")
    assert item["match"]["cross_language"] is True and item["match"]["reason"]


def test_a_character_inside_unrelated_words_is_not_searched_for(search, everyday):
    # 面 (noodles) is also in 见面 (to meet): "noodles" looks for 面条, 小面 and the like, not 面 alone…
    found = titles(search("noodles"))
    assert everyday["noodles_zh"] in found and everyday["meeting"] not in found
    # …while someone who types 面 still finds both, and the English noodle notes.
    assert everyday["noodles_zh"] in titles(search("面"))


def test_expansion_is_bounded_and_keeps_every_concept():
    for query in ("coffee latte tea cat dumplings hotpot subway noodles", "猫 咖啡 火锅 地铁 奶茶 面", "a" * 100):
        concepts = expand(query_concepts(query))
        assert len(concepts) == len(query_concepts(query)) or len(concepts) < len(query_concepts(query))
        assert all(len(c.alternatives) <= 8 for c in concepts)
    assert translations("coffee") == ["咖啡"] and "hotpot" in translations("火锅")
    assert translations("") == [] and translations("not a lexicon phrase") == []


def test_pinyin_initials_and_cross_language_suggestions(anon, everyday):
    def texts(q: str) -> list[tuple[str, str]]:
        return [(i["kind"], i["text"]) for i in anon.get("/api/v1/search/suggest", data={"q": q}).json()["items"]]

    assert ("topic", "小红书") in texts("xhs")
    assert ("topic", "火锅") in texts("hg")
    assert ("topic", "火锅") in texts("hotpot")  # the everyday word in the other language
    assert ("topic", "咖啡") in texts("Coffee")
    assert ("topic", "hotpot") in texts("火锅")


def _searched_by(client_for, make_user, query: str, people: int) -> None:
    for i in range(people):
        client_for(make_user(f"searcher{i}")).get("/api/v1/search/notes", data={"q": query})


def test_an_empty_box_offers_recent_and_trending_searches(anon, client_for, make_user, everyday):
    _searched_by(client_for, make_user, "火锅", 3)
    me = make_user("reader_me")
    api = client_for(me)
    for q in ("咖啡", "cat", "咖啡"):
        api.get("/api/v1/search/notes", data={"q": q})
    cache.delete("search:trending")
    items = api.get("/api/v1/search/suggest", data={"q": ""}).json()["items"]
    assert items[:2] == [{"kind": "recent", "text": "咖啡", "user": None}, {"kind": "recent", "text": "cat", "user": None}]
    assert {"kind": "trending", "text": "火锅", "user": None} in items
    # Nobody else sees my searches; an anonymous reader gets trending only.
    assert [i["kind"] for i in anon.get("/api/v1/search/suggest", data={"q": "  "}).json()["items"]] == ["trending"]
    other = client_for(make_user("reader_other"))
    assert [i["kind"] for i in other.get("/api/v1/search/suggest").json()["items"]] == ["trending"]


def test_recent_searches_are_cleared_one_or_all_and_only_mine(client_for, make_user, everyday):
    me, other = make_user("reader_me"), make_user("reader_other")
    api, theirs = client_for(me), client_for(other)
    for q in ("咖啡", "cat", "hotpot"):
        api.get("/api/v1/search/notes", data={"q": q})
    theirs.get("/api/v1/search/notes", data={"q": "咖啡"})
    assert api.delete("/api/v1/search/recent?q=%E5%92%96%E5%95%A1").json() == {"deleted": 1}  # 咖啡
    assert set(RecentSearch.objects.filter(user=me).values_list("label", flat=True)) == {"cat", "hotpot"}
    assert api.delete("/api/v1/search/recent").json() == {"deleted": 2}
    assert not RecentSearch.objects.filter(user=me).exists()
    assert RecentSearch.objects.filter(user=other).count() == 1


def test_recent_searches_keep_the_newest_few_once_each(client_for, make_user, everyday):
    me = make_user("reader_me")
    api = client_for(me)
    for i in range(KEEP_RECENT + 5):
        api.get("/api/v1/search/notes", data={"q": f"咖啡 {i}"})
    api.get("/api/v1/search/notes", data={"q": "ＣＯＦＦＥＥ"})
    api.get("/api/v1/search/notes", data={"q": "coffee"})  # the same search, folded: moved up, not repeated
    api.get("/api/v1/search/notes", data={"q": "🐱🐱"})  # nothing to search for: not kept
    labels = list(RecentSearch.objects.filter(user=me).order_by("-searched_at", "-pk").values_list("label", flat=True))
    assert len(labels) == KEEP_RECENT and labels[0] == "coffee" and "ＣＯＦＦＥＥ" not in labels


def test_clearing_recent_searches_needs_an_account_and_a_clean_query(anon, client_for, make_user):
    assert anon.delete("/api/v1/search/recent").status_code == 401
    api = client_for(make_user("reader_me"), language="zh-hans")
    response = api.delete("/api/v1/search/recent?q=%00")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_characters"
    response = api.delete("/api/v1/search/recent?q=" + "长" * 101)
    assert response.status_code == 400 and "搜索" in response.json()["error"]["message"]


def test_trending_falls_back_to_the_weeks_most_searched(anon):
    now = current_hour()
    QueryCount.objects.create(key="咖啡", hour=now - 30, searches=9)
    QueryCount.objects.create(key="火锅", hour=now - 50, searches=4)
    QueryCount.objects.create(key="冷门", hour=now - 50, searches=1)  # fewer than three people: never shown
    for key in ("咖啡", "火锅", "冷门"):
        Suggestion.objects.create(kind="query", key=key, label=key, weight=5)
    cache.delete("search:trending")
    items = anon.get("/api/v1/search/trending").json()["items"]
    assert [(i["text"], i["score"]) for i in items] == [("咖啡", 0.0), ("火锅", 0.0)]


def test_most_commented_in_the_past_day_keeps_the_most_commented_note(search, make_user, post_note):
    """A sort only reorders: the notes relevance shows for the filters, "most commented" shows too.
    (It used to drop notes matched on one word of several, or by meaning alone.)"""
    author = make_user("shops")
    made = {
        "top": post_note(author, title="Mapo tofu at home", body="Silken tofu, lots of chilli"),
        "both": post_note(author, title="Dumplings with tofu filling", body="Tofu and chive dumplings"),
        "some": post_note(author, title="Sunday dumplings", body="Pork and cabbage"),
        "old": post_note(author, title="Tofu dumplings from last month", body="Tofu dumplings again"),
    }
    for key, count in {"top": 40, "both": 3, "some": 1, "old": 90}.items():
        Note.objects.filter(pk=made[key]["id"]).update(comments_count=count)
    Note.objects.filter(pk=made["old"]["id"]).update(published_at=timezone.now() - timedelta(days=30))
    relevant = set(titles(search("tofu dumplings", time="day")))
    assert "Mapo tofu at home" in relevant and "Tofu dumplings from last month" not in relevant
    by_comments = titles(search("tofu dumplings", sort="comments", time="day"))
    assert by_comments[0] == "Mapo tofu at home"
    assert set(by_comments) == relevant
    for sort in ("likes", "collects", "latest"):
        assert set(titles(search("tofu dumplings", sort=sort, time="day"))) == relevant, sort


@pytest.mark.parametrize("query", ["𝐜𝐨𝐟𝐟𝐞𝐞", "ｃｏｆｆｅｅ", "COFFEE", "coffee\u200d", "\u202ecoffee", "c\u0301offee",
                                   "咖\u200b啡", "コーヒー", "커피", "☕", "👨‍👩‍👧", "\U0001f600" * 60, "ʕ•ᴥ•ʔ", "\ufeff"])
def test_odd_unicode_queries_answer_without_error(search, everyday, query):
    response = search(query)
    assert response.status_code == 200, response.content
    if query in ("𝐜𝐨𝐟𝐟𝐞𝐞", "ｃｏｆｆｅｅ", "COFFEE"):  # folded to the plain word: found across languages too
        assert everyday["latte"] in titles(response)
