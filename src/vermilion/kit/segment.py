"""Words out of mixed Chinese and English text, the same way for what is indexed and what is asked.

Search, topics and moderation all need "the words of this text". Text is folded first (kit.text:
full-width → half-width, case, Traditional → Simplified), then:

- Han runs are cut by jieba with a platform dictionary (小红书, 拿铁, 网红 stay whole), and every
  character bigram and single character of the run is added too. Bigrams find words jieba does not
  know (brand names, slang) and short queries; single characters make one-character queries work.
- Latin and digit runs become lower-case words with plurals folded ("dumplings" = "dumpling");
  "iphone15" is kept whole and also split into "iphone" and "15".

A query becomes *concepts* that must all match: each jieba word of the query matches either as that
word or as all of its bigrams, so 上海小笼包 finds "上海的小笼包" and a shop called 小笼包子铺.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from .text import fold

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN_RE = re.compile(rf"([{_HAN}]+)|([a-z0-9]+)")
_ALNUM_SPLIT_RE = re.compile(r"[a-z]+|[0-9]+")

# Words that carry no meaning in a query; they stay in documents (harmless) but never narrow a search.
_STOP_EN = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "i", "in", "is", "it", "my", "of", "on",
    "or", "the", "to", "what", "with",
})
_STOP_ZH = frozenset({
    "的", "了", "是", "我", "你", "在", "和", "与", "吗", "呢", "吧", "啊", "也", "都", "就", "很", "有", "个", "这", "那",
    "一个", "什么", "怎么",
})

MAX_QUERY_CONCEPTS = 12  # a pasted paragraph is cut to its first words, not run as 500 clauses

_lock = threading.Lock()


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    with _lock:
        words = resources.files("vermilion.kit").joinpath("data/platform_words.txt").read_text("utf-8")
        for line in words.splitlines():
            parts = line.split()
            if parts:
                tokenizer.add_word(parts[0], int(parts[1]) if len(parts) > 1 else None)
    return tokenizer


def stem(word: str) -> str:
    """A light English plural fold; enough for "dumplings"/"dumpling" and "cafes"/"cafe"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def _runs(folded: str) -> Iterator[tuple[str, str]]:
    for match in _RUN_RE.finditer(folded):
        if match.group(1):
            yield "han", match.group(1)
        else:
            yield "latin", match.group(2)


def _latin_words(run: str) -> list[str]:
    pieces = _ALNUM_SPLIT_RE.findall(run)
    words = [stem(run)]
    if len(pieces) > 1:
        words += [stem(p) for p in pieces]
    return words


def cut(text: str) -> list[str]:
    """jieba words of already-folded Han text (no HMM: the same text always cuts the same way)."""
    return [w for w in _jieba().cut(text, HMM=False) if w.strip()]


def document_tokens(text: str) -> list[str]:
    """Every token a document is found by: words, bigrams and characters of Han runs, Latin words."""
    tokens: list[str] = []
    for kind, run in _runs(fold(text)):
        if kind == "latin":
            tokens += _latin_words(run)
            continue
        tokens += [w for w in _jieba().cut_for_search(run, HMM=False) if len(w) > 1]
        tokens += bigrams(run)
        tokens += list(run)
    return tokens


def document_text(text: str) -> str:
    """`document_tokens` joined by spaces: what the full-text index stores."""
    return " ".join(document_tokens(text))


@dataclass(frozen=True)
class Concept:
    """One thing the query asks for; it matches if any alternative matches (all of its tokens)."""

    alternatives: tuple[tuple[str, ...], ...]
    script: str  # "han" or "latin"


def query_concepts(text: str) -> list[Concept]:
    concepts: list[Concept] = []
    seen: set[tuple[tuple[str, ...], ...]] = set()
    for kind, run in _runs(fold(text)):
        if kind == "latin":
            words = _latin_words(run)
            alternatives = [(words[0],)] + ([tuple(words[1:])] if len(words) > 1 else [])
            candidates = [] if run in _STOP_EN else [Concept(tuple(alternatives), "latin")]
        else:
            candidates = []
            for word in cut(run):
                if word in _STOP_ZH:
                    continue
                alts = [(word,)] + ([tuple(bigrams(word))] if len(word) > 2 else [])
                candidates.append(Concept(tuple(alts), "han"))
        for concept in candidates:
            if concept.alternatives not in seen:
                seen.add(concept.alternatives)
                concepts.append(concept)
    if not concepts:  # a query of nothing but stop words still means something ("我的")
        concepts = [Concept(((t,),), "han") for t in dict.fromkeys(document_tokens(text)) if t][:1]
    return concepts[:MAX_QUERY_CONCEPTS]


def has_han(text: str) -> bool:
    return bool(re.search(f"[{_HAN}]", text))


def pinyin_keys(text: str) -> tuple[str, str]:
    """(full pinyin, initials) of the folded text, e.g. 小红书 → ("xiaohongshu", "xhs"); ("", "")
    for text without Han characters. Latin parts are kept as they are in both."""
    folded = fold(text)
    if not has_han(folded):
        return "", ""
    from pypinyin import Style, lazy_pinyin

    syllables = [s for s in lazy_pinyin(folded, style=Style.NORMAL, errors="default") if s.strip()]
    full = "".join(s for s in syllables if s.isalnum())
    initials = "".join(s[0] for s in syllables if s.isalnum())
    return full[:200], initials[:80]
