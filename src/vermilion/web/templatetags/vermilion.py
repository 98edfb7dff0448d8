from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.translation import get_language

from vermilion.accounts.catalog import PROFILE_LANGUAGES
from vermilion.kit.numbers import compact

register = template.Library()


@register.filter
def compact_number(value: int | None) -> str:
    """1.2万 in Chinese, 12k in English: how counts read on RedNote."""
    return compact(int(value or 0), get_language() or "en")


@register.filter
def language_names(codes: Iterable[str]) -> str:
    return ", ".join(str(PROFILE_LANGUAGES.get(code, code)) for code in codes)
