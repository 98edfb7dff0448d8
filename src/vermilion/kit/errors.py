"""The one error type the API and actions raise for a client's mistake.

Messages are lazy translations: they render in whatever language the request activated, so an
action deep in the domain layer can raise without knowing who is asking.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ApiError(Exception):
    def __init__(
        self,
        code: str,
        message: str | Promise,
        *,
        status: int = 400,
        fields: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(code)
        self.code = code
        self.message = message
        self.status = status
        self.fields = dict(fields) if fields else None
        self.headers = dict(headers) if headers else {}

    def payload(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": str(self.message)}
        if self.fields:
            error["fields"] = {name: [str(m) for m in msgs] for name, msgs in self.fields.items()}
        return {"error": error}


def not_found(what: str | Promise = "") -> ApiError:
    message = _("%(what)s not found.") % {"what": what} if what else _("Not found.")
    return ApiError("not_found", message, status=404)


def field_error(field: str, code: str, message: str | Promise, status: int = 400) -> ApiError:
    return ApiError(code, message, status=status, fields={field: [message]})
