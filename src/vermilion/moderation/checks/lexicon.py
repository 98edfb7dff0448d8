"""Abusive-word lists in Chinese and English, matched on normalised text.

Two tiers: `abuse` (insults, slurs, threats: our own curated lists in ../data) and `profanity`
(glin-profanity's Chinese and English lists, minus everyday words such as 奶 in 奶茶 or 性 in
性价比 that would flag half of all lifestyle posts). Chinese terms match as substrings of the
squeezed Han text; English terms match as whole words or phrases after leetspeak folding, so
"class" never matches "ass".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .normalize import Normalised, normalise

_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def _data_lines(name: str) -> list[str]:
    text = resources.files("vermilion.moderation").joinpath("data", name).read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _glin(language: str) -> list[str]:
    path = resources.files("glin_profanity").joinpath("data", "dictionaries", f"{language}.json")
    return [str(w) for w in json.loads(path.read_text("utf-8"))["words"]]


@dataclass(frozen=True)
class Lexicon:
    han_terms: frozenset[str]
    latin_words: frozenset[str]
    latin_phrases: tuple[str, ...]

    @classmethod
    def build(cls, terms: list[str]) -> Lexicon:
        han: set[str] = set()
        words: set[str] = set()
        phrases: set[str] = set()
        for term in terms:
            if _HAN_RE.search(term):
                han.add(normalise(term).han.replace("|", ""))
                continue
            norm = normalise(term).latin_text
            if not norm:
                continue
            (phrases if " " in norm else words).add(norm)
        return cls(frozenset(t for t in han if t), frozenset(words), tuple(sorted(phrases)))

    def hits(self, text: Normalised) -> list[str]:
        found = [w for w in text.latin_words if w in self.latin_words]
        padded = f" {text.latin_text} "
        found += [p for p in self.latin_phrases if f" {p} " in padded]
        if self.han_terms and text.han:
            for run in text.han.split("|"):
                if len(run) >= 1:
                    found += [t for t in self.han_terms if t in run]
        return found


@lru_cache(maxsize=1)
def abuse() -> Lexicon:
    return Lexicon.build(_data_lines("abuse_zh.txt") + _data_lines("abuse_en.txt"))


@lru_cache(maxsize=1)
def profanity() -> Lexicon:
    allowed = {normalise(w).folded for w in _data_lines("allow_zh.txt") + _data_lines("allow_en.txt")}
    terms = [w for w in _glin("chinese") + _glin("english") if normalise(w).folded not in allowed]
    return Lexicon.build(terms)
