"""Compact counts as each language writes them: 12k / 1.2m in English, 1.2万 / 3.4亿 in Chinese."""

from __future__ import annotations


def _trim(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def compact(value: int, language: str) -> str:
    if language.lower().startswith("zh"):
        if value >= 100_000_000:
            return _trim(value / 100_000_000) + "亿"
        if value >= 10_000:
            return _trim(value / 10_000) + "万"
        return str(value)
    if value >= 1_000_000:
        return _trim(value / 1_000_000) + "m"
    if value >= 10_000:
        return _trim(value / 1_000) + "k"
    if value >= 1_000:
        return f"{value:,}"
    return str(value)
