"""Reads: which language a reader is answered in, and whether they translate automatically."""

from __future__ import annotations

from vermilion.accounts.models import User

from .models import TranslationPreference


def source_of(language: str) -> str:
    return language if language else ""


def reader_target(language_code: str) -> str:
    return "zh" if (language_code or "").lower().startswith("zh") else "en"


def auto_translate(user: User | None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return TranslationPreference.objects.filter(user=user, auto_translate=True).exists()
