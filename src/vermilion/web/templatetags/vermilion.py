from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from vermilion.accounts.catalog import PROFILE_LANGUAGES
from vermilion.kit.numbers import compact

register = template.Library()

# The same tokens dom.js's richText links: #topics (either hash sign) and @mentions.
_TOKENS = re.compile(r"([#＃]\w+)|(@[A-Za-z0-9_.]{3,24})")
# What keeps JSON inside a <script> element from ending it early (as Django's json_script does).
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def compact_number(value: int | None) -> str:
    """1.2万 in Chinese, 12k in English: how counts read on RedNote."""
    return compact(int(value or 0), get_language() or "en")


@register.filter
def language_names(codes: Iterable[str]) -> str:
    return ", ".join(str(PROFILE_LANGUAGES.get(code, code)) for code in codes)


@register.filter
def note_text(text: str | None) -> SafeString:
    """A note's text with #topics and @mentions as links, everything else escaped: what the browser
    script shows, for readers and crawlers without JavaScript."""
    text = text or ""
    out: list[str] = []
    last = 0
    for match in _TOKENS.finditer(text):
        out.append(escape(text[last:match.start()]))
        token = match.group(0)
        if match.group(1):
            out.append(format_html('<a href="/t/{}" class="topic">{}</a>', quote(token[1:]), token))
        else:
            out.append(format_html('<a href="/u/{}" class="mention">{}</a>', quote(token[1:]), token))
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


@register.filter
def json_ld(data: dict[str, Any] | None) -> SafeString:
    """Structured data (schema.org) in a script element search engines and link previews read."""
    if not data:
        return mark_safe("")
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308 - escaped above
