"""What every translation engine is and may raise: the local LLM, LibreTranslate, DeepL and the fake
all take a batch of single lines (placeholders already in, see protect.py) and give back a batch
of translated lines (engines.py picks the configured one)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

LANGUAGE_NAMES = {"en": "English", "zh": "Simplified Chinese"}
TARGETS = ("en", "zh")


class EngineUnavailable(Exception):
    """The engine cannot run at all (no model file, no server, no key): nothing is attempted."""


class TranslationFailed(Exception):
    """The engine ran but produced no acceptable translation (or ran out of time)."""


@dataclass
class Line:
    text: str
    literal: bool = False  # made by the glossary pass, not the engine
    failed: bool = False  # could not be translated: `text` is the original


class Engine(Protocol):
    id: str

    def check(self) -> None:
        """Raise EngineUnavailable when this engine cannot run; cheap, called on every request."""

    def translate(self, lines: list[str], source: str, target: str, deadline: float) -> list[Line]:
        """Translate each line (no line breaks inside); raise TranslationFailed if none can be."""


class DisabledEngine:
    id = "off"

    def check(self) -> None:
        raise EngineUnavailable("translation is turned off")

    def translate(self, lines: list[str], source: str, target: str, deadline: float) -> list[Line]:
        raise EngineUnavailable("translation is turned off")


def remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TranslationFailed("timeout")
    return left
