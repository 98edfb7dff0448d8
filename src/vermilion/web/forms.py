"""Turning the domain's ApiErrors into per-field form errors for the HTML pages."""

from __future__ import annotations

from collections import defaultdict

from vermilion.kit.errors import ApiError


def error_map(error: ApiError) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = defaultdict(list)
    if error.fields:
        for name, messages in error.fields.items():
            fields[name].extend(str(m) for m in messages)
    else:
        fields["form"].append(str(error.message))
    return dict(fields)
