"""A place an author tagged ("成都", "Columbus, Ohio"), named in the reader's language where we know
the name, so a note's line never reads "成都 · IP region: Sichuan" in English.

Known names: the provinces and regions of kit/regions.py, countries (CLDR, through Babel) and a
short gazetteer of the cities and districts people on both sides of the migration tag most. A name
we do not know stays as the author wrote it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale

from .regions import CHINESE_PROVINCES, SPECIAL_REGIONS, is_chinese_language

# (Chinese, English)
_GAZETTEER: tuple[tuple[str, str], ...] = (
    ("北京", "Beijing"), ("上海", "Shanghai"), ("广州", "Guangzhou"), ("深圳", "Shenzhen"), ("成都", "Chengdu"),
    ("重庆", "Chongqing"), ("杭州", "Hangzhou"), ("南京", "Nanjing"), ("武汉", "Wuhan"), ("西安", "Xi'an"),
    ("苏州", "Suzhou"), ("天津", "Tianjin"), ("长沙", "Changsha"), ("厦门", "Xiamen"), ("青岛", "Qingdao"),
    ("大连", "Dalian"), ("昆明", "Kunming"), ("大理", "Dali"), ("丽江", "Lijiang"), ("桂林", "Guilin"),
    ("三亚", "Sanya"), ("哈尔滨", "Harbin"), ("沈阳", "Shenyang"), ("郑州", "Zhengzhou"), ("济南", "Jinan"),
    ("合肥", "Hefei"), ("福州", "Fuzhou"), ("南宁", "Nanning"), ("贵阳", "Guiyang"), ("拉萨", "Lhasa"),
    ("兰州", "Lanzhou"), ("宁波", "Ningbo"), ("无锡", "Wuxi"), ("佛山", "Foshan"), ("东莞", "Dongguan"),
    ("珠海", "Zhuhai"), ("台北", "Taipei"), ("乌鲁木齐", "Urumqi"),
    ("天河", "Tianhe"), ("荔湾", "Liwan"), ("越秀", "Yuexiu"), ("西湖", "West Lake"), ("三里屯", "Sanlitun"),
    ("朝阳", "Chaoyang"), ("海淀", "Haidian"), ("浦东", "Pudong"), ("徐汇", "Xuhui"), ("静安", "Jing'an"),
    ("外滩", "The Bund"), ("南山", "Nanshan"), ("福田", "Futian"), ("春熙路", "Chunxi Road"),
    ("上海天文馆", "Shanghai Astronomy Museum"),
    ("纽约", "New York"), ("洛杉矶", "Los Angeles"), ("旧金山", "San Francisco"), ("西雅图", "Seattle"),
    ("芝加哥", "Chicago"), ("波士顿", "Boston"), ("休斯敦", "Houston"), ("哥伦布", "Columbus"),
    ("俄亥俄", "Ohio"), ("佛罗里达", "Florida"), ("加利福尼亚", "California"), ("得克萨斯", "Texas"),
    ("多伦多", "Toronto"), ("温哥华", "Vancouver"), ("蒙特利尔", "Montreal"), ("伦敦", "London"),
    ("巴黎", "Paris"), ("柏林", "Berlin"), ("东京", "Tokyo"), ("大阪", "Osaka"), ("首尔", "Seoul"),
    ("新加坡", "Singapore"), ("悉尼", "Sydney"), ("墨尔本", "Melbourne"), ("曼谷", "Bangkok"),
    ("吉隆坡", "Kuala Lumpur"),
)
# Parts of a tag: "广州 · 荔湾", "Columbus, Ohio", "成都，春熙路".
_SEPARATORS = re.compile(r"\s*[·•,，、/|]\s*")
# 成都市, 四川省, 天河区: the suffix is not part of the name.
_CHINESE_SUFFIXES = ("市", "省", "区", "县")
_HAN = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=2)
def _names(chinese: bool) -> dict[str, str]:
    """Every known name in the other language (English keys lower-cased) → its name in this one."""
    pairs = [*_GAZETTEER, *CHINESE_PROVINCES.values(), *SPECIAL_REGIONS.values()]
    english, mandarin = Locale.parse("en").territories, Locale.parse("zh_Hans").territories
    pairs += [(str(mandarin[code]), str(name)) for code, name in english.items()
              if len(code) == 2 and code.isalpha() and code in mandarin]
    if chinese:
        return {en.lower(): zh for zh, en in pairs}
    return {zh: en for zh, en in pairs}


def _translated(part: str, names: dict[str, str], chinese: bool) -> str | None:
    if bool(_HAN.search(part)) == chinese:  # already written in the reader's language
        return part
    if chinese:
        return names.get(part.lower())
    if part in names:
        return names[part]
    for suffix in _CHINESE_SUFFIXES:
        if part.endswith(suffix) and part[: -len(suffix)] in names:
            return names[part[: -len(suffix)]]
    return None


@lru_cache(maxsize=4096)
def place_name(text: str, language: str) -> str:
    """The tag in `language` where every part of it is a name we know, else as written: a half-translated
    place ("Guangzhou · 荔湾") mixes languages as much as the original."""
    text = text.strip()
    if not text:
        return ""
    chinese = is_chinese_language(language)
    parts = [p for p in _SEPARATORS.split(text) if p]
    names = _names(chinese)
    translated = [_translated(p, names, chinese) for p in parts]
    if not parts or any(t is None for t in translated) or translated == parts:
        return text
    return " · ".join(t for t in translated if t)
