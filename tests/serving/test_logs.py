"""Structured logs: one JSON object per line, with the request id on every line of a request."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from vermilion.serving.logs import JsonFormatter, TextFormatter, logging_config


@pytest.fixture
def json_lines():
    """Lines the root logger writes while the test runs, formatted as production formats them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(old_level)


def test_json_formatter_writes_one_object_per_line_with_the_exception():
    try:
        raise ValueError("bad value\nsecond line")
    except ValueError:
        record = logging.LogRecord("vermilion.x", logging.ERROR, __file__, 1, "failed on %s", ("猫税",), sys.exc_info())
    line = JsonFormatter().format(record)
    assert "\n" not in line
    payload = json.loads(line)
    assert payload["level"] == "ERROR" and payload["logger"] == "vermilion.x" and payload["message"] == "failed on 猫税"
    assert payload["time"].endswith("Z") and "ValueError: bad value" in payload["exception"]
    assert "request_id" not in payload


@pytest.mark.django_db
@pytest.mark.urls("tests.serving.log_urls")
def test_each_request_is_logged_with_its_route_status_and_duration(client, json_lines):
    response = client.get("/chatty/42", headers={"X-Request-ID": "lb-0123456789"})
    assert response.status_code == 200 and response["X-Request-ID"] == "lb-0123456789"
    lines = json_lines()
    work = next(line for line in lines if line["logger"] == "vermilion.test")
    request = next(line for line in lines if line["logger"] == "vermilion.request")
    # A line logged by the view carries the id of the request it belongs to.
    assert work["message"] == "working on 42" and work["request_id"] == "lb-0123456789"
    assert request["request_id"] == "lb-0123456789"
    assert (request["method"], request["path"], request["route"], request["status"]) == ("GET", "/chatty/42",
                                                                                         "/chatty/<int:item>", 200)
    assert request["level"] == "INFO" and request["duration_ms"] >= 0 and request["user_id"] is None


@pytest.mark.django_db
def test_api_routes_are_logged_by_pattern_and_a_bad_request_id_is_replaced(client, json_lines):
    response = client.get("/api/v1/notes/123", headers={"X-Request-ID": "x\u00e9; DROP"})
    assert response.status_code == 404
    generated = response["X-Request-ID"]
    assert len(generated) == 16 and generated != "x\u00e9; DROP"
    request = next(line for line in json_lines() if line["logger"] == "vermilion.request")
    assert request["route"] == "/api/v1/notes/<note_id>" and request["status"] == 404
    assert request["request_id"] == generated


@pytest.mark.django_db
@pytest.mark.urls("tests.serving.log_urls")
def test_a_failing_request_is_logged_as_an_error_with_its_traceback(client, json_lines):
    client.raise_request_exception = False
    assert client.get("/broken").status_code == 500
    lines = json_lines()
    request = next(line for line in lines if line["logger"] == "vermilion.request")
    assert request["status"] == 500 and request["level"] == "ERROR"
    django_error = next(line for line in lines if line["logger"] == "django.request")
    assert "RuntimeError: boom" in django_error["exception"] and django_error["request_id"] == request["request_id"]


def test_text_format_and_bad_format():
    record = logging.LogRecord("vermilion.x", logging.INFO, __file__, 1, "hello", (), None)
    assert TextFormatter().format(record).endswith("INFO vermilion.x hello")
    assert logging_config("text", "INFO")["formatters"]["main"]["()"] == "vermilion.serving.logs.TextFormatter"
    with pytest.raises(ImproperlyConfigured, match="VERMILION_LOG_FORMAT must be json or text, not 'xml'"):
        logging_config("xml", "INFO")


def test_log_level_is_taken_in_either_case_and_a_wrong_one_is_named():
    config = logging_config("json", "warning")  # as uvicorn's --log-level is written
    assert config["root"]["level"] == "WARNING" and config["loggers"]["uvicorn"]["level"] == "WARNING"
    with pytest.raises(ImproperlyConfigured, match=r"VERMILION_LOG_LEVEL must be .*not 'loud'"):
        logging_config("json", "loud")


@pytest.mark.parametrize(("module", "value", "expected"), [
    ("vermilion.settings.production", None, "JsonFormatter"),
    ("vermilion.settings.production", "text", "TextFormatter"),
    ("vermilion.settings.embedded", None, "TextFormatter"),
    ("vermilion.settings.embedded", "json", "JsonFormatter"),
])
def test_production_logs_json_by_default_and_the_variable_chooses(tmp_path, module, value, expected):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": module, "DATABASE_URL": "postgres://u@127.0.0.1:1/x",
           "VERMILION_SECRET_KEY": "test-only", "VERMILION_DATA_DIR": str(tmp_path)}
    env.pop("VERMILION_LOG_FORMAT", None)
    if value:
        env["VERMILION_LOG_FORMAT"] = value
    script = ("import django; django.setup(); import logging\n"
              "print(type(logging.getLogger().handlers[0].formatter).__name__)")
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == expected, out.stderr
