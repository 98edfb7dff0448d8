"""External translation services: a LibreTranslate server and DeepL's API, over plain HTTP.

Both are real machine-translation systems, so their output is not second-guessed the way the
local LLM's is; what they get is the same protected lines (placeholders for topics, mentions,
links and emoji), so those survive either way. Network trouble is EngineUnavailable (503 to the
reader, nothing cached); a malformed answer is TranslationFailed.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from .engine import EngineUnavailable, Line, TranslationFailed, remaining


def _post(url: str, payload: dict[str, Any], headers: dict[str, str], timeout: float) -> Any:
    request = urllib.request.Request(  # noqa: S310 - the operator configures an http(s) URL
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json", **headers}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403, 456, 429) or exc.code >= 500:
            raise EngineUnavailable(f"{url}: HTTP {exc.code}") from exc
        raise TranslationFailed(f"{url}: HTTP {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise EngineUnavailable(f"{url}: {exc}") from exc
    except ValueError as exc:
        raise TranslationFailed(f"{url}: not JSON") from exc


def _strings(values: Any, count: int) -> list[str]:
    if not isinstance(values, list) or len(values) != count or not all(isinstance(v, str) for v in values):
        raise TranslationFailed("unexpected answer")
    return values


class LibreTranslateEngine:
    """POST {url}/translate {q: [...], source, target, format: "text", api_key?}."""

    CODES = {"en": "en", "zh": "zh-Hans"}  # LibreTranslate ≥ 1.6 names Simplified Chinese zh-Hans

    def __init__(self, url: str, api_key: str = "") -> None:
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.id = "libretranslate"

    def check(self) -> None:
        if not self.url.startswith(("http://", "https://")):
            raise EngineUnavailable("VERMILION_LIBRETRANSLATE_URL is not set")

    def translate(self, lines: list[str], source: str, target: str, deadline: float) -> list[Line]:
        self.check()
        payload: dict[str, Any] = {"q": lines, "source": self.CODES.get(source, "auto"),
                                   "target": self.CODES[target], "format": "text"}
        if self.api_key:
            payload["api_key"] = self.api_key
        answer = _post(f"{self.url}/translate", payload, {}, remaining(deadline))
        texts = answer.get("translatedText") if isinstance(answer, dict) else None
        if isinstance(texts, str) and len(lines) == 1:
            texts = [texts]
        return [Line(text) for text in _strings(texts, len(lines))]


class DeepLEngine:
    """POST {url}/v2/translate {text: [...], target_lang, source_lang?} with a DeepL-Auth-Key."""

    CODES = {"en": "EN-US", "zh": "ZH-HANS"}

    def __init__(self, api_key: str, url: str = "") -> None:
        self.api_key = api_key
        # Free-plan keys end in ":fx" and use the free endpoint.
        self.url = (url or ("https://api-free.deepl.com" if api_key.endswith(":fx") else "https://api.deepl.com")).rstrip("/")
        self.id = "deepl"

    def check(self) -> None:
        if not self.api_key:
            raise EngineUnavailable("VERMILION_DEEPL_API_KEY is not set")

    def translate(self, lines: list[str], source: str, target: str, deadline: float) -> list[Line]:
        self.check()
        payload: dict[str, Any] = {"text": lines, "target_lang": self.CODES[target]}
        if source in ("en", "zh"):
            payload["source_lang"] = source.upper()
        answer = _post(f"{self.url}/v2/translate", payload, {"Authorization": f"DeepL-Auth-Key {self.api_key}"},
                       remaining(deadline))
        items = answer.get("translations") if isinstance(answer, dict) else None
        if not isinstance(items, list):
            raise TranslationFailed("unexpected answer")
        return [Line(text) for text in _strings([i.get("text") if isinstance(i, dict) else None for i in items], len(lines))]
