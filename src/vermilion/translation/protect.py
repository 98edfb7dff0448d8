"""Keep what must not be translated out of the engine's reach: #topics, @mentions, links, emoji.

Each such span becomes a numbered placeholder before the text reaches an engine and is put back
afterwards, so a topic stays a working topic and a link stays a link whatever the engine does. A
placeholder the engine dropped is appended rather than lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vermilion.kit.text import MENTION_RE, TOPIC_RE

_LINK = r"https?://[^\s<>\"'，。！？）】]+|www\.[^\s<>\"'，。！？）】]+"
# Emoji and pictographs (with their joiners and skin-tone / variation modifiers) as one run.
_EMOJI = (
    r"(?:[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u3030\u303D\u3297\u3299]"
    r"[\U0001F3FB-\U0001F3FF\uFE0F\u200D]*)+"
)
# Runs of angle brackets are held too: the local engine delimits the text with <<< and >>>, and a
# text must not be able to close that delimiter itself.
_BRACKETS = r"<{2,}|>{2,}"
_PROTECTED_RE = re.compile(rf"(?:{_LINK})|(?:{TOPIC_RE.pattern}#?)|(?:{MENTION_RE.pattern})|(?:{_EMOJI})|(?:{_BRACKETS})")
PLACEHOLDER_RE = re.compile(r"\[\[(\d{1,3})\]\]")


@dataclass
class Protected:
    text: str
    spans: list[str] = field(default_factory=list)

    def restore(self, translated: str) -> str:
        seen: set[int] = set()

        def put_back(match: re.Match[str]) -> str:
            index = int(match.group(1))
            if 0 < index <= len(self.spans) and index not in seen:
                seen.add(index)
                return self.spans[index - 1]
            return ""  # an invented or repeated placeholder carries nothing of the original

        out = PLACEHOLDER_RE.sub(put_back, translated)
        missing = [span for i, span in enumerate(self.spans, start=1) if i not in seen]
        if missing:
            out = f"{out.rstrip()} {' '.join(missing)}"
        return out

    def placeholders_intact(self, translated: str) -> bool:
        found = sorted(int(m) for m in PLACEHOLDER_RE.findall(translated))
        return found == list(range(1, len(self.spans) + 1))


def protect(text: str) -> Protected:
    spans: list[str] = []

    def hold(match: re.Match[str]) -> str:
        spans.append(match.group(0))
        return f"[[{len(spans)}]]"

    return Protected(_PROTECTED_RE.sub(hold, text), spans)


def has_words(text: str) -> bool:
    """Whether anything is left to translate once placeholders, digits and punctuation are gone."""
    rest = PLACEHOLDER_RE.sub(" ", text)
    return any(ch.isalpha() for ch in rest)
