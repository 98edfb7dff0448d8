"""Note search through the API: Chinese and English, across languages, filters, visibility."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vermilion.notes.models import Note

from .conftest import titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(make_user, post_note):  # type: ignore[no-untyped-def]
    author = make_user("xiaomei")
    notes = {
        "xlb": post_note(author, title="上海最好吃的小笼包", body="排队一小时也值得 #上海美食"),
        "latte": post_note(author, title="网红拿铁探店", body="这家咖啡店的燕麦拿铁绝了 #咖啡"),
        "xhs": post_note(author, title="小红书新手指南", body="第一次用小红书怎么发笔记"),
        "ootd": post_note(author, title="OOTD 今日穿搭", body="秋天的通勤穿搭分享 #穿搭"),
        "hike": post_note(author, title="Weekend hiking in the Alps", body="Three days of trails and mountain huts #hiking"),
        "cat": post_note(author, title="My cat's first birthday", body="She got a tiny cake and ignored it #CatTax"),
        "brand": post_note(author, title="喜茶新品测评", body="多肉葡萄还是经典"),
    }
    return author, notes


def test_chinese_words_and_platform_terms(search, library):
    assert titles(search("小笼包"))[0] == "上海最好吃的小笼包"
    assert titles(search("拿铁"))[0] == "网红拿铁探店"
    assert titles(search("小红书"))[0] == "小红书新手指南"
    assert "网红拿铁探店" in titles(search("网红"))


def test_one_character_and_unknown_brand_queries_match_by_bigrams(search, library):
    assert "上海最好吃的小笼包" in titles(search("包"))
    assert titles(search("喜茶"))[0] == "喜茶新品测评"


def test_traditional_and_full_width_queries(search, library):
    assert titles(search("小籠包"))[0] == "上海最好吃的小笼包"
    assert titles(search("ＯＯＴＤ"))[0] == "OOTD 今日穿搭"


def test_mixed_and_english_queries(search, library):
    assert titles(search("OOTD 今日穿搭"))[0] == "OOTD 今日穿搭"
    assert titles(search("ootd"))[0] == "OOTD 今日穿搭"
    assert titles(search("hiking alps"))[0] == "Weekend hiking in the Alps"
    assert titles(search("cats"))[0] == "My cat's first birthday"  # plural folds to the singular


def test_keyword_results_say_they_matched_by_words(search, library):
    item = search("小笼包").json()["items"][0]
    assert item["match"]["matched"] in ("words", "words_and_meaning")
    assert item["match"]["language"] == "zh"
    assert item["match"]["cross_language"] is False


def test_english_query_finds_chinese_notes_by_meaning(search, library, monkeypatch):
    from vermilion.search import crosslingual

    # Without the bilingual lexicon only the encoder can make this match.
    monkeypatch.setattr(crosslingual, "_index", lambda: ({}, {}, {}))
    response = search("soup dumplings in Shanghai")
    found = response.json()["items"]
    assert found and found[0]["title"] == "上海最好吃的小笼包"
    assert found[0]["match"]["cross_language"] is True
    assert found[0]["match"]["matched"] == "meaning"
    assert found[0]["match"]["reason"]


def test_english_query_finds_chinese_notes_by_words_through_the_lexicon(search, library):
    # "Shanghai" is 上海 and "soup dumplings" 小笼包 in the lexicon: a match by words, and by meaning.
    found = search("soup dumplings in Shanghai").json()["items"]
    assert found and found[0]["title"] == "上海最好吃的小笼包"
    assert found[0]["match"]["cross_language"] is True
    assert found[0]["match"]["matched"] == "words_and_meaning"
    assert found[0]["match"]["reason"]


def test_chinese_query_finds_english_notes_by_meaning(search, library):
    found = titles(search("徒步登山"))
    assert "Weekend hiking in the Alps" in found[:3]


def test_type_time_and_sort_filters(search, make_user, post_note):
    author = make_user("shops")
    made = {name: post_note(author, title=f"周末探店 {name}", body="咖啡和甜品") for name in "ABC"}
    counts = {"A": (9, 0, 1), "B": (1, 9, 0), "C": (0, 1, 9)}  # likes, comments, collects
    for name, (likes, comments, collects) in counts.items():
        Note.objects.filter(pk=made[name]["id"]).update(likes_count=likes, comments_count=comments,
                                                        collects_count=collects)
    Note.objects.filter(pk=made["C"]["id"]).update(kind="video")
    Note.objects.filter(pk=made["A"]["id"]).update(published_at=timezone.now() - timedelta(days=30))
    assert titles(search("探店", sort="likes"))[0] == "周末探店 A"
    assert titles(search("探店", sort="comments"))[0] == "周末探店 B"
    assert titles(search("探店", sort="collects"))[0] == "周末探店 C"
    assert titles(search("探店", sort="latest")) == ["周末探店 C", "周末探店 B", "周末探店 A"]
    assert titles(search("探店", type="video")) == ["周末探店 C"]
    assert sorted(titles(search("探店", type="image"))) == ["周末探店 A", "周末探店 B"]
    assert "周末探店 A" not in titles(search("探店", time="week"))
    assert "周末探店 A" in titles(search("探店", time="half_year"))
    assert len(titles(search("探店", time="day"))) == 2


def test_scope_following_seen_and_unseen(search, library, make_user, post_note, client_for):
    author, notes = library
    other = make_user("dapeng")
    post_note(other, title="小笼包在家做", body="自己包的小笼包")
    reader = make_user("reader")
    api = client_for(reader)
    api.post(f"/api/v1/users/{author.username}/follow")
    api.post(f"/api/v1/notes/{notes['xlb']['id']}/like")
    assert titles(search("小笼包", api, scope="following")) == ["上海最好吃的小笼包"]
    assert titles(search("小笼包", api, scope="seen")) == ["上海最好吃的小笼包"]
    assert titles(search("小笼包", api, scope="unseen")) == ["小笼包在家做"]
    assert search("小笼包", scope="following").status_code == 401


def test_results_respect_visibility_blocks_and_mutes(search, library, make_user, post_note, client_for):
    author, _notes = library
    secret = make_user("secret")
    post_note(secret, title="私密小笼包", body="only me", visibility="private")
    held = post_note(secret, title="违规小笼包", body="held")
    Note.objects.filter(pk=held["id"]).update(moderation="held")
    reader = make_user("reader")
    api = client_for(reader)
    assert titles(search("小笼包", api)) == ["上海最好吃的小笼包"]
    assert "私密小笼包" in titles(search("小笼包", client_for(secret)))
    api.post(f"/api/v1/users/{author.username}/mute")
    assert titles(search("小笼包", api)) == []
    api.delete(f"/api/v1/users/{author.username}/mute")
    client_for(author).post(f"/api/v1/users/{reader.username}/block")
    assert titles(search("小笼包", api)) == []


def test_published_and_edited_notes_are_searchable_and_deleted_ones_disappear(search, make_user, post_note, client_for):
    author = make_user("writer")
    note = post_note(author, title="成都火锅推荐", body="牛油锅底")
    assert titles(search("火锅")) == ["成都火锅推荐"]
    api = client_for(author)
    assert api.patch(f"/api/v1/notes/{note['id']}", {"title": "重庆串串推荐"}).status_code == 200
    assert titles(search("串串")) == ["重庆串串推荐"]
    assert "重庆串串推荐" not in titles(search("成都"))
    assert api.delete(f"/api/v1/notes/{note['id']}").status_code in (200, 204)
    assert titles(search("串串")) == []


def test_pages_follow_the_cursor_without_repeats(search, make_user, post_note):
    author = make_user("many")
    for i in range(7):
        post_note(author, title=f"露营清单 {i}", body="装备分享")
    first = search("露营", limit=4).json()
    assert len(first["items"]) == 4 and first["next_cursor"]
    second = search("露营", limit=4, cursor=first["next_cursor"]).json()
    ids = [n["id"] for n in first["items"] + second["items"]]
    assert len(ids) == len(set(ids)) == 7
    # A cursor belongs to its query and filters.
    assert search("露营", sort="latest", cursor=first["next_cursor"]).status_code == 400


def test_query_count_is_bounded(search, make_user, post_note, client_for):
    author = make_user("prolific")
    for i in range(12):
        post_note(author, title=f"咖啡探店 {i}", body="拿铁")
    api = client_for(make_user("reader"))
    search("咖啡", api)  # warm the encoder and caches
    with CaptureQueriesContext(connection) as captured:
        response = search("咖啡", api, limit=20)
    assert len(response.json()["items"]) == 12
    assert len(captured) <= 14, [q["sql"][:120] for q in captured]


def test_common_words_rank_within_the_newest_notes_and_rare_ones_across_all(search, make_user, post_note, settings,
                                                                               monkeypatch):
    from vermilion.search import queries

    settings.VERMILION_SEARCH_RECENT_TIER = 4
    monkeypatch.setattr(queries, "KEYWORD_CANDIDATES", 3)
    monkeypatch.setattr(queries, "_recent", (0.0, None))
    author = make_user("tiers")
    # The oldest note is the best match by words (title and body), the newest four are weaker.
    post_note(author, title="rare gem bubble tea", body="bubble tea bubble tea")
    for i in range(4):
        post_note(author, title=f"note {i}", body=f"some bubble tea on day {i}")
    # "bubble tea" has four matches among the newest four notes: enough (three wanted), so the
    # older, better one is not ranked by words at all (blended search may still bring it by meaning).
    keyword_only = queries.search_notes(None, queries.NoteSearch(q="bubble tea"), None, 20, semantic=False)
    found = [item["title"] for item in keyword_only["items"]]
    assert len(found) == 3 and set(found) <= {"note 0", "note 1", "note 2", "note 3"}
    # "gem" has none among the newest: ranking falls back to every note and finds it.
    assert titles(search("gem"))[0] == "rare gem bubble tea"
