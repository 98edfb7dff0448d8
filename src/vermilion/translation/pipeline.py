"""From a text to its translation: lines, protected spans, the engine, and back.

The engine only ever sees single lines with placeholders (protect.py): line breaks are kept by
construction, and a line that is only topics, mentions, links or emoji is not sent at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from .engine import Engine, Line
from .protect import Protected, has_words, protect


@dataclass
class Result:
    text: str
    quality: str  # "ok", "literal" (some line by the glossary pass) or "partial" (some line left as is)


def translate_text(text: str, source: str, target: str, engine: Engine, deadline: float) -> Result:
    lines = text.split("\n")
    held: list[tuple[int, Protected, str, str]] = []  # (index, protected, leading, trailing whitespace)
    for index, line in enumerate(lines):
        core = line.strip()
        if not core:
            continue
        protected = protect(core)
        if not has_words(protected.text):
            continue
        lead = line[: len(line) - len(line.lstrip())]
        trail = line[len(line.rstrip()):]
        held.append((index, protected, lead, trail))
    quality = "ok"
    if held:
        outputs: list[Line] = engine.translate([p.text for _, p, _, _ in held], source, target, deadline)
        for (index, protected, lead, trail), out in zip(held, outputs, strict=True):
            if out.failed:
                quality = "partial"
                continue  # the original line stays, honestly untranslated
            if out.literal and quality == "ok":
                quality = "literal"
            lines[index] = f"{lead}{protected.restore(out.text)}{trail}"
    return Result("\n".join(lines), quality)
