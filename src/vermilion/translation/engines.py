"""One interface, several engines: the local LLM (default), LibreTranslate, DeepL, and a fake.

An engine turns a batch of single lines (placeholders already in, see protect.py) into a batch of
translated lines. Which one runs is configuration (VERMILION_TRANSLATION["ENGINE"]); its `id`
names the engine and model and is part of every cache key, so switching engines or models never
serves a translation made by another.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings

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


_engine: Engine | None = None
_engine_key: tuple[str, ...] | None = None
_lock = threading.Lock()


def _config() -> dict[str, object]:
    return dict(getattr(settings, "VERMILION_TRANSLATION", {}))


def get_engine() -> Engine:
    """The configured engine; one instance per process (the local model loads once)."""
    global _engine, _engine_key
    config = _config()
    name = str(config.get("ENGINE", "local"))
    key = (name, str(config.get("MODEL", "")), str(config.get("MODEL_PATH", "")))
    with _lock:
        if _engine is None or _engine_key != key:
            _engine = _build(name, config)
            _engine_key = key
        return _engine


def _build(name: str, config: dict[str, object]) -> Engine:
    if name == "local":
        from .llm import LlamaEngine

        return LlamaEngine.from_config(config)
    if name == "libretranslate":
        from .remote import LibreTranslateEngine

        return LibreTranslateEngine(str(config.get("LIBRETRANSLATE_URL", "")), str(config.get("LIBRETRANSLATE_API_KEY", "")))
    if name == "deepl":
        from .remote import DeepLEngine

        return DeepLEngine(str(config.get("DEEPL_API_KEY", "")), str(config.get("DEEPL_URL", "")))
    if name == "fake":
        from .fake import FakeEngine

        return FakeEngine()
    return DisabledEngine()


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
