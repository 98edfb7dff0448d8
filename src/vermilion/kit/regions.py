"""Region codes and their display names in both UI languages.

Codes are ISO 3166-2 for mainland Chinese provinces (CN-GD) and ISO 3166-1 alpha-2 otherwise;
Hong Kong, Macau and Taiwan are shown as regions of their own, as RedNote shows them.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError

# code: (short Chinese name as ip2region spells its prefix, English name)
CHINESE_PROVINCES: dict[str, tuple[str, str]] = {
    "CN-AH": ("安徽", "Anhui"),
    "CN-BJ": ("北京", "Beijing"),
    "CN-CQ": ("重庆", "Chongqing"),
    "CN-FJ": ("福建", "Fujian"),
    "CN-GD": ("广东", "Guangdong"),
    "CN-GS": ("甘肃", "Gansu"),
    "CN-GX": ("广西", "Guangxi"),
    "CN-GZ": ("贵州", "Guizhou"),
    "CN-HA": ("河南", "Henan"),
    "CN-HB": ("湖北", "Hubei"),
    "CN-HE": ("河北", "Hebei"),
    "CN-HI": ("海南", "Hainan"),
    "CN-HL": ("黑龙江", "Heilongjiang"),
    "CN-HN": ("湖南", "Hunan"),
    "CN-JL": ("吉林", "Jilin"),
    "CN-JS": ("江苏", "Jiangsu"),
    "CN-JX": ("江西", "Jiangxi"),
    "CN-LN": ("辽宁", "Liaoning"),
    "CN-NM": ("内蒙古", "Inner Mongolia"),
    "CN-NX": ("宁夏", "Ningxia"),
    "CN-QH": ("青海", "Qinghai"),
    "CN-SC": ("四川", "Sichuan"),
    "CN-SD": ("山东", "Shandong"),
    "CN-SH": ("上海", "Shanghai"),
    "CN-SN": ("陕西", "Shaanxi"),
    "CN-SX": ("山西", "Shanxi"),
    "CN-TJ": ("天津", "Tianjin"),
    "CN-XJ": ("新疆", "Xinjiang"),
    "CN-XZ": ("西藏", "Tibet"),
    "CN-YN": ("云南", "Yunnan"),
    "CN-ZJ": ("浙江", "Zhejiang"),
}
SPECIAL_REGIONS: dict[str, tuple[str, str]] = {
    "HK": ("香港", "Hong Kong"),
    "MO": ("澳门", "Macau"),
    "TW": ("台湾", "Taiwan"),
}

# Longest names first so 黑龙江 is not mistaken for a shorter prefix.
_BY_CHINESE_PREFIX = sorted(
    [(zh, code) for code, (zh, _en) in {**CHINESE_PROVINCES, **SPECIAL_REGIONS}.items()],
    key=lambda item: -len(item[0]),
)


def code_for_chinese_province(name: str) -> str | None:
    for prefix, code in _BY_CHINESE_PREFIX:
        if name.startswith(prefix):
            return code
    return None


def is_chinese_language(language: str) -> bool:
    return language.lower().startswith("zh")


@lru_cache(maxsize=4096)
def region_name(code: str, language: str) -> str:
    """Display name of a region code; the caller shows "unknown" for an empty code."""
    chinese = is_chinese_language(language)
    known = CHINESE_PROVINCES.get(code) or SPECIAL_REGIONS.get(code)
    if known:
        return known[0] if chinese else known[1]
    try:
        locale = Locale.parse("zh_Hans" if chinese else "en")
    except UnknownLocaleError:  # pragma: no cover - both locales ship with Babel
        return code
    return str(locale.territories.get(code, code))


# CLDR's codes for "unknown region", the EU, the UN and other groupings are not places to pick.
_NOT_PLACES = frozenset({"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"})


def region_choices(language: str) -> list[tuple[str, str]]:
    """Every region a reader can pick for "Nearby": Chinese provinces and regions, then countries."""
    chinese = [(code, region_name(code, language)) for code in (*CHINESE_PROVINCES, *SPECIAL_REGIONS)]
    locale = Locale.parse("zh_Hans" if is_chinese_language(language) else "en")
    countries = sorted(((code, name) for code, name in locale.territories.items()
                        if len(code) == 2 and code.isalpha() and code not in (*SPECIAL_REGIONS, *_NOT_PLACES)),
                       key=lambda c: c[1])
    return chinese + countries


def is_region_code(code: str) -> bool:
    return code in CHINESE_PROVINCES or code in SPECIAL_REGIONS or (
        len(code) == 2 and code.isalpha() and code.isupper() and code not in _NOT_PLACES
        and code in Locale.parse("en").territories)

