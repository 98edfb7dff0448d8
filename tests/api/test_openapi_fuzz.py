"""Schemathesis against our own OpenAPI document: no generated input may produce a 5xx.

Every operation is called with generated (valid and invalid) parameters and bodies, as an
anonymous client and as a signed-in one, against a database that holds a note, a comment and a
second person, so path parameters can hit real rows as well as garbage.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

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

    with connection_kept_open():
        for operation in operations[part::SLICES]:
            _exercise(operation, signed_in)


def _exercise(operation, signed_in):  # type: ignore[no-untyped-def]
    @given(case=operation.as_strategy())
    @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
              database=None)
    def exercise(case):  # type: ignore[no-untyped-def]
        for headers in (None, signed_in):
            case.call_and_validate(checks=[not_a_server_error], headers=headers)

    exercise()
