"""The rules every piece of client text passes before anything reads it.

Text reaches Vermilion through path parameters, query strings, JSON bodies, HTML forms and (soon)
imported archives. Wherever it enters, the same two rules hold, so no code further in has to
remember them:

- **No control characters** but tab, line feed and carriage return (and nothing in C1): a NUL
  cannot be stored by PostgreSQL (the query failed: a 500), and the others only ever serve to
  break layouts or hide text. A request carrying one is refused with a 400 naming the field.
- **JSON is at most MAX_DEPTH levels deep**: a deeply nested body costs recursion (Python's
  decoder gave up with a RecursionError: a 500) and is never what a client means.

`JsonParser` applies them to every JSON body Ninja parses, `read_json` to bodies an endpoint
reads itself, and serving/middleware.py's InputRulesMiddleware to paths, query strings and forms.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.parser import Parser

from vermilion.kit.errors import ApiError

MAX_DEPTH = 32
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control(text: str) -> bool:
    return CONTROL_RE.search(text) is not None


def control_error(field: str) -> ApiError:
    message = _("This value contains characters that are not allowed (control characters such as NUL).")
    return ApiError("invalid_characters", message, fields={field: [message]})


def check_texts(items: Iterable[tuple[str, str]]) -> None:
    """(field, text) pairs: a 400 naming the first field whose name or text holds a control character."""
    for field, text in items:
        if has_control(field) or has_control(text):
            raise control_error(field if not has_control(field) else "body")


def _walk(value: object, path: str, depth: int) -> None:
    """Check every string (keys too) and the nesting, iteratively deep-first."""
    stack: list[tuple[object, str, int]] = [(value, path, depth)]
    while stack:
        item, where, level = stack.pop()
        if level > MAX_DEPTH:
            raise too_deep()
        if isinstance(item, str):
            if has_control(item):
                raise control_error(where or "body")
        elif isinstance(item, dict):
            for key, inner in item.items():
                if has_control(str(key)):
                    raise control_error(where or "body")
                stack.append((inner, f"{where}.{key}" if where else str(key), level + 1))
        elif isinstance(item, list):
            stack.extend((inner, f"{where}.{index}" if where else str(index), level + 1)
                         for index, inner in enumerate(item))


def too_deep() -> ApiError:
    return ApiError("malformed_json", _("The request body is nested too deeply."))


def read_json(raw: bytes | str) -> Any:
    """A JSON document from a client, checked by the rules above (400 `malformed_json`,
    `invalid_characters` naming the field)."""
    try:
        data = json.loads(raw)
    except RecursionError as exc:
        raise too_deep() from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError("malformed_json", _("The request body is not valid JSON.")) from exc
    _walk(data, "", 0)
    return data


class JsonParser(Parser):
    """Ninja's body parser with the rules above: every JSON body of the API goes through it."""

    def parse_body(self, request: HttpRequest) -> Any:
        return read_json(request.body)
