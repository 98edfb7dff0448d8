"""Normalised forms of a text, so the usual tricks do not hide a word from the lists.

- `folded`: kit.text.fold (full-width → half-width, case, Traditional → Simplified).
- `latin_words`: Latin tokens after leetspeak folding (f4ck → fack → no; fvck, sh1t → shit),
  letters repeated three or more times squeezed to one ("fuuuck"), and runs of single letters
  joined ("f u c k", "f.u.c.k" → "fuck").
- `han`: Chinese with spaces, symbols and emoji between characters removed ("傻 * 逼" → "傻逼"),
  while sentence punctuation still separates ("真傻。逼真" stays two runs).
- `digits`: Chinese and full-width numerals turned into digits and separators between digits
  dropped, so "壹叁捌 1234 5678" reads as a phone number.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from vermilion.kit.text import fold

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i",
                       "|": "l", "€": "e"})
_SEPARATORS = set("。，！？；：,!?;:\n")
_NUMERALS = str.maketrans({"零": "0", "〇": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6",
                           "七": "7", "八": "8", "九": "9", "壹": "1", "贰": "2", "叁": "3", "肆": "4", "伍": "5",
                           "陆": "6", "柒": "7", "捌": "8", "玖": "9", "幺": "1", "两": "2"})
_REPEAT_RE = re.compile(r"([a-z])\1{2,}")
_TOKEN_RE = re.compile(r"[a-z0-9@$!|*#]+")
_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_DIGIT_GAP_RE = re.compile(r"(?<=\d)[\s\-_.·•~—/()（）]{1,3}(?=\d)")


@dataclass
class Normalised:
    original: str
    folded: str
    latin_words: list[str] = field(default_factory=list)
    latin_text: str = ""  # the words joined by single spaces, for phrase matching
    han: str = ""
    digits: str = ""


def _latin_tokens(folded: str) -> list[str]:
    raw = _TOKEN_RE.findall(folded)
    words: list[str] = []
    run: list[str] = []
    for token in raw:
        # Masking characters inside a word ("f*ck", "sh#t") are kept so the lists' masked
        # spellings match; digits inside letters are leetspeak, digits alone stay numbers.
        token = token.strip("!|*#")
        if not token:
            continue
        word = token if token.isdigit() else token.translate(_LEET)
        word = _REPEAT_RE.sub(r"\1", word)
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        if len(run) >= 3:
            words.append("".join(run))
        else:
            words.extend(run)
        run = []
        words.append(word)
    if len(run) >= 3:
        words.append("".join(run))
    else:
        words.extend(run)
    return words


def _han_squeezed(folded: str) -> str:
    out: list[str] = []
    for ch in folded:
        if _HAN_RE.match(ch) or (ch.isascii() and ch.isalnum()):
            out.append(ch)
        elif ch in _SEPARATORS:
            out.append("|")
        elif unicodedata.category(ch)[0] in "PSZC" or ch.isspace():
            continue  # spaces, symbols, emoji between characters are the evasion
        else:
            out.append("|")
    return "".join(out)


def normalise(text: str) -> Normalised:
    folded = fold(text)
    words = _latin_tokens(folded)
    digits = _DIGIT_GAP_RE.sub("", unicodedata.normalize("NFKC", text).translate(_NUMERALS))
    return Normalised(original=text, folded=folded, latin_words=words, latin_text=" ".join(words),
                      han=_han_squeezed(folded), digits=digits)
