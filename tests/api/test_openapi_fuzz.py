"""Schemathesis against our own OpenAPI document: no generated input may produce a 5xx.

Every operation is called with generated (valid and invalid) parameters and bodies, as an
anonymous client and as a signed-in one, against a database that holds a note, a comment and a
second person, so path parameters can hit real rows as well as garbage. Generated strings may hold
NUL bytes (schemathesis' default `allow_x00`), and a second, deterministic sweep puts a NUL into
every path parameter, query parameter and JSON string field of every operation. The suite runs on
SQLite and, in CI, on PostgreSQL (which cannot store a NUL: the case the sweep guards). Examples per
operation: VERMILION_FUZZ_EXAMPLES (default 20); VERMILION_FUZZ_REPORT=FILE writes the counts.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

pytestmark = pytest.mark.django_db


@contextmanager
def connection_kept_open() -> Iterator[None]:
    """As Django's own test client does: keep the test's connection (and its transaction) open
    across requests instead of closing it when each request finishes."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(db):  # type: ignore[no-untyped-def]
    from vermilion.wsgi import application

    with connection_kept_open():
        return schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def token(make_user, post_note, client_for):  # type: ignore[no-untyped-def]
    from vermilion.accounts.tokens import issue_token

    author, reader = make_user("author"), make_user("reader")
    note = post_note(author)
    client_for(reader).post(f"/api/v1/notes/{note['id']}/comments", {"body": "nice #CatTax"})
    return issue_token(reader)


# The API is exercised in slices, one test each: every test stays well inside its time limit as
# the API grows, and xdist can spread them over the workers.
SLICES = 8


@pytest.mark.parametrize("part", range(SLICES))
def test_no_input_yields_a_server_error(api_schema, token, part):  # type: ignore[no-untyped-def]
    # Schemathesis' pytest plugin does not load under pytest 9, so each operation's strategy is
    # driven by Hypothesis directly; the check is the same `not_a_server_error`.
    operations = sorted((result.ok() for result in api_schema.get_all_operations()),
                        key=lambda op: (op.path, op.method))
    assert len(operations) > 40  # the whole API, not an empty document
    signed_in = {"Authorization": f"Bearer {token}"}

    COUNTS["cases"] = 0
    with connection_kept_open():
        for operation in operations[part::SLICES]:
            _exercise(operation, signed_in)
    _report(str(part), len(operations[part::SLICES]), COUNTS["cases"])


EXAMPLES = int(os.environ.get("VERMILION_FUZZ_EXAMPLES", "20"))
COUNTS = {"cases": 0}  # of this slice; a 5xx fails the test, so a report line means none was seen


def _report(part: str, operations: int, cases: int) -> None:
    target = os.environ.get("VERMILION_FUZZ_REPORT")
    if target:
        with Path(target).open("a", encoding="utf-8") as out:
            out.write(json.dumps({"part": part, "operations": operations, "cases": cases}) + "\n")


def _exercise(operation, signed_in):  # type: ignore[no-untyped-def]
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
              database=None)
    def exercise(case):  # type: ignore[no-untyped-def]
        for headers in (None, signed_in):
            COUNTS["cases"] += 1
            case.call_and_validate(checks=[not_a_server_error], headers=headers)

    exercise()


def _nul_everywhere(schema: Any) -> Any:
    """A value of `schema` with a NUL in every string it holds."""
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {name: _nul_everywhere(inner) for name, inner in schema.get("properties", {}).items()}
    if kind == "array":
        return [_nul_everywhere(schema.get("items", {"type": "string"}))]
    if kind in ("integer", "number", "boolean"):
        return 1 if kind != "boolean" else True
    return "x\x00y"


def _resolved(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    if "anyOf" in schema:
        schema = next((s for s in schema["anyOf"] if s.get("type") != "null"), schema["anyOf"][0])
    return {**schema, "properties": {k: _resolved(document, v) for k, v in schema.get("properties", {}).items()}}


def test_a_nul_in_every_parameter_and_field_of_every_operation_is_never_a_server_error(token):  # type: ignore[no-untyped-def]
    from django.test import Client

    document = Client().get("/api/openapi.json").json()
    client = Client(headers={"Authorization": f"Bearer {token}"})
    cases = operations = 0
    for path, methods in document["paths"].items():
        for method, spec in methods.items():
            operations += 1
            query = {p["name"]: "x\x00y" for p in spec.get("parameters", []) if p["in"] == "query"}
            body = spec.get("requestBody", {}).get("content", {}).get("application/json")
            data = json.dumps(_nul_everywhere(_resolved(document, body["schema"]))) if body else "{}"
            # Once with a NUL in every path parameter, once with plain ones and a NUL everywhere else.
            for id_text in ("1%00", "1"):
                url = path
                for parameter in spec.get("parameters", []):
                    if parameter["in"] == "path":
                        url = url.replace("{" + parameter["name"] + "}", id_text)
                call = getattr(client, method)
                if method == "get":
                    response = call(url, data=query)
                else:
                    response = call(url, data=data, content_type="application/json", query_params=query)
                cases += 1
                assert response.status_code < 500, (method, url, response.status_code, response.content[:300])
    assert cases > 160  # the whole API, twice
    _report("nul sweep", operations, cases)
