"""Translation settings, read in one place (docs/operations.md lists them)."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def config() -> dict[str, Any]:
    return dict(getattr(settings, "VERMILION_TRANSLATION", {}))


def max_chars() -> int:
    return int(config().get("MAX_CHARS", 5000))


def queue_limit() -> int:
    return int(config().get("QUEUE_LIMIT", 200))


def timeout_seconds() -> float:
    return float(config().get("TIMEOUT_SECONDS", 120))


def retry_seconds() -> float:
    return float(config().get("RETRY_SECONDS", 300))


def pretranslate_count() -> int:
    return int(config().get("PRETRANSLATE_TRENDING", 20))
