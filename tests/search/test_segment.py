"""Segmentation and folding shared by search, topics and moderation (kit.segment)."""

from __future__ import annotations

from vermilion.kit.segment import document_tokens, pinyin_keys, query_concepts, stem


def words(text: str) -> set[str]:
    return set(document_tokens(text))


def test_platform_words_stay_whole():
    tokens = words("小红书上的网红拿铁")
    assert {"小红书", "网红", "拿铁"} <= tokens


def test_bigrams_and_characters_are_indexed_for_unknown_words():
    tokens = words("喜茶新品")
    assert {"喜茶", "茶新", "新品", "喜", "茶"} <= tokens


def test_traditional_and_full_width_fold_to_one_form():
    assert words("臺灣小籠包") == words("台湾小笼包")
    assert words("ＯＯＴＤ　今日穿搭") == words("ootd 今日穿搭")


def test_mixed_text_keeps_both_scripts():
    tokens = words("OOTD 今日穿搭 iPhone15")
    assert {"ootd", "今日穿搭", "穿搭", "iphone15", "iphone", "15"} <= tokens


def test_english_plurals_fold():
    assert stem("dumplings") == "dumpling"
    assert stem("cafes") == "cafe"
    assert stem("berries") == "berry"
    assert stem("glass") == "glass"


def test_query_concepts_match_a_word_or_all_its_bigrams():
    concepts = query_concepts("上海小笼包")
    alternatives = [c.alternatives for c in concepts]
    assert (("上海",),) in alternatives
    assert (("小笼包",), ("小笼", "笼包")) in alternatives


def test_stop_words_do_not_narrow_but_a_stop_word_alone_still_searches():
    assert [c.alternatives for c in query_concepts("the best hotpot")] == [(("best",),), (("hotpot",),)]
    assert query_concepts("的")


def test_syntax_characters_never_become_tokens():
    for nasty in ('"', "*", "NEAR(", "OR OR", "'; DROP TABLE notes; --", "🐱🐱", "   "):
        for concept in query_concepts(nasty):
            for alternative in concept.alternatives:
                assert all(token.isalnum() for token in alternative), nasty


def test_pinyin_keys():
    assert pinyin_keys("小红书") == ("xiaohongshu", "xhs")
    assert pinyin_keys("cats") == ("", "")
