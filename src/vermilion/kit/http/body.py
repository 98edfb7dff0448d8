"""Optional JSON bodies: `POST /notes/{id}/collect` may come with `{board_id}` or with nothing.

Ninja treats a declared body as required and refuses an empty one, so endpoints whose body is
optional parse it here, with the same errors as every other body.
"""

from __future__ import annotations

from typing import Any, TypeVar

import pydantic
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Schema
from ninja.errors import ValidationError

from vermilion.kit.errors import ApiError

from .inputs import check_texts, read_json

S = TypeVar("S", bound=Schema)


def optional_body(request: HttpRequest, schema: type[S]) -> S:
    if request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        data: Any = request.POST.dict()  # a plain HTML form, or a client that sent an empty form
        check_texts(data.items())
    else:
        raw = request.body.strip()
        if not raw:
            return schema()
        data = read_json(raw)
    if not isinstance(data, dict):
        raise ApiError("malformed_json", _("The request body is not valid JSON."))
    try:
        return schema.model_validate(data)
    except pydantic.ValidationError as exc:
        raise ValidationError([dict(e) for e in exc.errors()]) from exc


def openapi_body(schema: type[Schema]) -> dict[str, Any]:
    """The `openapi_extra` that documents an optional JSON body."""
    return {"requestBody": {"required": False,
                            "content": {"application/json": {"schema": schema.model_json_schema()}}}}
