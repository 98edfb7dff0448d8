"""A query's words in the other language too: `coffee` also matches 咖啡, 火锅 also "hotpot".

Applied to the query's concepts (kit.segment) before the keyword search: each everyday word found
in the lexicon (lexicon.py) gains the other language's words as further alternatives of the same
concept, so it still has to match, in either language. English phrases are looked up as phrases
("hot pot", "bubble tea") and gain their other spellings ("hotpot"); a Chinese word the lexicon
lacks but can be cut into words it has (重庆火锅 = 重庆 + 火锅) gains those words' translations
together ("chongqing" and "hotpot").
Tokens are made exactly as documents' are (folded, plural-stemmed, Han bigrams), and each concept
keeps at most MAX_ALTERNATIVES, so a query never grows beyond a few more index lookups.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from vermilion.kit.segment import Concept, bigrams, stem
from vermilion.kit.text import fold

from .lexicon import parse

MAX_ALTERNATIVES = 8
MAX_PHRASE = 3
_WORD_RE = re.compile(r"[a-z0-9]+")

Tokens = tuple[str, ...]


def english_tokens(phrase: str) -> Tokens:
    return tuple(stem(w) for w in _WORD_RE.findall(fold(phrase)))


def han_alternatives(word: str) -> list[Tokens]:
    """How a Chinese word is found in a document: as itself, or (three characters or more) as all
    of its bigrams, the way kit.segment matches a word of the query."""
    return [(word,)] + ([tuple(bigrams(word))] if len(word) > 2 else [])


@lru_cache(maxsize=1)
def _index() -> tuple[dict[Tokens, list[str]], dict[str, list[Tokens]], dict[Tokens, list[Tokens]]]:
    """(English phrase → Chinese words, Chinese word → English phrases, English phrase → its
    English synonyms: "hotpot" and "hot pot", "subway" and "metro")."""
    to_chinese: dict[Tokens, list[str]] = {}
    to_english: dict[str, list[Tokens]] = {}
    synonyms: dict[Tokens, list[Tokens]] = {}
    for entry in parse():
        english = [t for t in (english_tokens(e) for e in entry.english) if t]
        chinese = [fold(c) for c in entry.chinese]
        for phrase in english:
            known_chinese = to_chinese.setdefault(phrase, [])
            known_chinese.extend(c for c in chinese if c not in known_chinese)
            same = synonyms.setdefault(phrase, [])
            same.extend(p for p in english if p != phrase and p not in same)
        for word in chinese + [fold(c) for c in entry.query_only]:
            known = to_english.setdefault(word, [])
            known.extend(p for p in english if p not in known)
    return to_chinese, to_english, synonyms


def _compose(word: str, to_english: dict[str, list[Tokens]]) -> Tokens | None:
    """A Chinese word cut into lexicon words from the left, longest first, if it is nothing else:
    the first translation of each, together (重庆火锅 → chongqing hotpot)."""
    parts: list[Tokens] = []
    start = 0
    while start < len(word):
        for end in range(len(word), start, -1):
            if end - start > 1 and word[start:end] in to_english:
                parts.append(to_english[word[start:end]][0])
                start = end
                break
        else:
            return None
    return tuple(t for part in parts for t in part) if len(parts) > 1 else None


def _with(concept: Concept, extra: list[Tokens], script: str | None = None) -> Concept:
    alternatives = list(concept.alternatives)
    for tokens in extra:
        if tokens and tokens not in alternatives:
            alternatives.append(tokens)
    return Concept(tuple(alternatives[:MAX_ALTERNATIVES]), script or concept.script)


def expand(concepts: Sequence[Concept]) -> list[Concept]:
    """The concepts with the other language's words added as alternatives (see the module)."""
    to_chinese, to_english, synonyms = _index()
    out: list[Concept] = []
    i = 0
    while i < len(concepts):
        concept = concepts[i]
        if concept.script == "han":
            word = concept.alternatives[0][0]
            english = to_english.get(word) or ([found] if (found := _compose(word, to_english)) else [])
            out.append(_with(concept, english))
            i += 1
            continue
        for size in range(min(MAX_PHRASE, len(concepts) - i), 0, -1):
            run = concepts[i : i + size]
            if any(c.script != "latin" for c in run):
                continue
            phrase = tuple(c.alternatives[0][0] for c in run)
            if phrase in to_chinese:
                base = concept if size == 1 else Concept((phrase,), "latin")
                # The other spellings first (hotpot: "hot pot"), then the Chinese words.
                extra = synonyms.get(phrase, []) + [alt for word in to_chinese[phrase] for alt in han_alternatives(word)]
                out.append(_with(base, extra))
                i += size
                break
        else:
            out.append(concept)
            i += 1
    return out


def translations(text: str) -> list[str]:
    """The other language's words for a whole query that is one lexicon entry ("coffee" → 咖啡),
    for suggestions; empty for anything else."""
    to_chinese, to_english, _synonyms = _index()
    key = fold(" ".join(text.split()))
    if not key:
        return []
    if key in to_english:
        return [" ".join(tokens) for tokens in to_english[key]]
    return list(to_chinese.get(english_tokens(key), []))
