"""A database that goes away mid-request (restart, failover) is a 503 with Retry-After in the
reader's language, not a 500 (bench_load's restart phase is the end-to-end check)."""

from __future__ import annotations

import pytest
from django.db import InterfaceError, OperationalError


@pytest.mark.parametrize("error", [OperationalError("server closed the connection unexpectedly"),
                                   InterfaceError("connection already closed")])
def test_a_lost_database_connection_is_a_503_to_retry(make_user, client_for, post_note, monkeypatch, error):
    from vermilion.notes import queries

    note = post_note(make_user("outage_author"))

    def lost(*args, **kwargs):
        raise error

    monkeypatch.setattr(queries, "note_for_detail", lost)
    response = client_for(make_user("outage_reader"), language="zh-hans").get(f"/api/v1/notes/{note['id']}")
    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    body = response.json()["error"]
    assert body["code"] == "unavailable" and any("\u4e00" <= ch <= "\u9fff" for ch in body["message"]), body
