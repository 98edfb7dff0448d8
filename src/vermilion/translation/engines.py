"""One interface, several engines: the local LLM (default), LibreTranslate, DeepL, and a fake.

An engine turns a batch of single lines (placeholders already in, see protect.py) into a batch of
translated lines. Which one runs is configuration (VERMILION_TRANSLATION["ENGINE"]); its `id`
names the engine and model and is part of every cache key, so switching engines or models never
serves a translation made by another.
"""

from __future__ import annotations

import threading

from django.conf import settings

from .engine import DisabledEngine, Engine
from .fake import FakeEngine
from .llm import LlamaEngine
from .remote import DeepLEngine, LibreTranslateEngine

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
        return LlamaEngine.from_config(config)
    if name == "libretranslate":
        return LibreTranslateEngine(str(config.get("LIBRETRANSLATE_URL", "")), str(config.get("LIBRETRANSLATE_API_KEY", "")))
    if name == "deepl":
        return DeepLEngine(str(config.get("DEEPL_API_KEY", "")), str(config.get("DEEPL_URL", "")))
    if name == "fake":
        return FakeEngine()
    return DisabledEngine()
