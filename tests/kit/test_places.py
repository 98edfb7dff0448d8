"""A tagged place reads in the reader's language where every part of it is known, else as written."""

from __future__ import annotations

import pytest

from vermilion.kit.places import place_name


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("成都", "en", "Chengdu"),
    ("成都市", "en", "Chengdu"),  # the suffix is not part of the name
    ("广州 · 荔湾", "en", "Guangzhou · Liwan"),
    ("四川", "en", "Sichuan"),  # the provinces of kit/regions.py
    ("日本", "en", "Japan"),  # countries, from CLDR
    ("Columbus, Ohio", "zh-hans", "哥伦布 · 俄亥俄"),
    ("toronto", "zh-hans", "多伦多"),
    ("Canada", "zh-hans", "加拿大"),
    ("Guangzhou · 荔湾", "zh-hans", "广州 · 荔湾"),  # a part already in the reader's language stays
])
def test_known_places_are_named_in_the_readers_language(text, language, expected):
    assert place_name(text, language) == expected


@pytest.mark.parametrize(("text", "language"), [
    ("成都", "zh-hans"),  # already the reader's language
    ("Columbus, Ohio", "en"),  # unchanged, commas and all
    ("我家楼下的咖啡店", "en"),  # unknown: as the author wrote it
    ("广州 · 我家楼下", "en"),  # half known: not half translated
    ("Springfield", "zh-hans"),
    ("  ", "en"),
    ("", "zh-hans"),
    ("· , ·", "en"),
])
def test_unknown_or_partly_known_places_stay_as_written(text, language):
    assert place_name(text, language) == text.strip()
