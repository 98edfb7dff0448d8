"""The read-replica path on a real PostgreSQL streaming replica (tests/scaleout/conftest.py).

What tests/serving/test_replica.py proves on a mirror of the test database (which reads go where),
this proves against a standby built by pg_basebackup that receives the primary's WAL: a writer
reads their write at once, other readers are served by the standby, and a standby that falls
behind, goes away or dies halfway through a request costs a trip to the primary, never an error.
"""

from __future__ import annotations

import socket
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import psycopg
import pytest
from django.core.signals import got_request_exception
from django.db import connections

from vermilion.serving import replica as replica_routing
from vermilion.serving.replicahealth import monitor

from ..serving.asgi_call import call, empty_hot_cache  # noqa: F401 (a fixture)
from .conftest import FIGURES

pytestmark = [
    pytest.mark.replica,
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]


@dataclass
class Answered:
    """For each alias the reads (SELECTs) went through: which server its connection was on, asked
    through that very connection (pg_is_in_recovery() is true only on a standby), and how many.
    A GET also writes on the primary (a token's last use, view counts); those are not reads."""

    servers: dict[str, set[tuple[bool, int]]] = field(default_factory=lambda: defaultdict(set))
    selects: Counter[str] = field(default_factory=Counter)

    def on(self, alias: str) -> Any:
        def watch(execute: Any, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
            if sql.lstrip().upper().startswith("SELECT"):
                self.selects[alias] += 1
                try:
                    row = context["connection"].connection.execute("SELECT pg_is_in_recovery(), inet_server_port()").fetchone()
                    self.servers[alias].add(tuple(row))
                except psycopg.Error:
                    pass  # a connection that just died: the query below finds out
            return execute(sql, params, many, context)

        return watch


@contextmanager
def answered() -> Iterator[Answered]:
    seen = Answered()
    with connections["default"].execute_wrapper(seen.on("default")), connections["replica"].execute_wrapper(seen.on("replica")):
        yield seen


def ports() -> tuple[int, int]:
    """(primary, replica) as the test sees them."""
    return int(connections["default"].settings_dict["PORT"]), int(connections["replica"].settings_dict["PORT"])


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # free once closed: nothing listens there


@pytest.fixture
def on_replica(settings, streaming_replica):
    settings.VERMILION_READ_REPLICA = True
    settings.VERMILION_REPLICA_CHECK_SECONDS = 0.1
    settings.VERMILION_REPLICA_MAX_LAG_SECONDS = 30  # the test of the lag bound lowers it
    return streaming_replica


@pytest.fixture
def people(make_user, post_note, client_for, on_replica):
    author, reader = make_user("author"), make_user("reader")
    note_id = post_note(author, title="written on the primary")["id"]
    writer, other = client_for(author), client_for(reader)  # their tokens are rows too
    FIGURES["replication lag: a commit until the replica replayed it"].append(on_replica.caught_up())
    return {"note_id": note_id, "writer": writer, "other": other, "comments": f"/api/v1/notes/{note_id}/comments"}


def test_other_readers_are_served_by_the_standby(people):
    primary, replica = ports()
    with answered() as seen:
        response = people["other"].get(f"/api/v1/notes/{people['note_id']}")
    assert response.status_code == 200 and response.json()["title"] == "written on the primary"
    assert seen.servers == {"replica": {(True, replica)}}  # the token, the note, its author: all from the standby
    assert seen.selects["replica"] > 0 and seen.selects["default"] == 0
    assert replica != primary


def test_a_writer_reads_their_write_at_once_while_the_standby_is_behind(people, on_replica):
    primary, replica = ports()
    writer, other, comments = people["writer"], people["other"], people["comments"]
    # A process that has been serving knows where the standby was (its first check cannot vouch for
    # a standby it finds behind, and leaves it).
    assert other.get(comments).status_code == 200 and monitor.state().usable
    with on_replica.replay_paused():
        assert writer.patch("/api/v1/me", {"bio": "edited just now"}).status_code == 200
        assert writer.post(comments, {"body": "first!"}).status_code == 201
        with answered() as seen:
            assert writer.get("/api/v1/me").json()["bio"] == "edited just now"
            assert [c["body"] for c in writer.get(comments).json()["items"]] == ["first!"]
        # Pinned to the primary by their write: the standby, which has not applied it, is not asked.
        assert seen.servers == {"default": {(False, primary)}} and seen.selects["replica"] == 0
        # Someone else reads the standby, and it really is behind: what the pin protects the writer from.
        with answered() as seen:
            assert other.get("/api/v1/users/author").json()["bio"] == ""
            assert other.get(comments).json()["items"] == []
        assert seen.servers == {"replica": {(True, replica)}}
    FIGURES["replication lag: a commit until the replica replayed it"].append(on_replica.caught_up())
    with answered() as seen:
        assert other.get("/api/v1/users/author").json()["bio"] == "edited just now"
        assert [c["body"] for c in other.get(comments).json()["items"]] == ["first!"]
    assert seen.servers == {"replica": {(True, replica)}}


def test_a_standby_that_falls_behind_is_left_until_it_catches_up(people, on_replica, settings, anon):
    settings.VERMILION_REPLICA_MAX_LAG_SECONDS = 1.0
    other, comments = people["other"], people["comments"]

    def read() -> tuple[bool, list[str]]:
        """(read from the standby, the comments the page showed)"""
        with answered() as seen:
            response = other.get(comments)
        assert response.status_code == 200, response.content
        assert len(seen.servers) == 1
        return "replica" in seen.servers, [c["body"] for c in response.json()["items"]]

    assert read() == (True, [])
    with on_replica.replay_paused():
        written = time.monotonic()
        assert people["writer"].post(comments, {"body": "late"}).status_code == 201
        while (state := read()) == (True, []):  # the standby's page, without the comment
            assert time.monotonic() - written < 5, "reads stayed on a standby 5 s behind"
            time.sleep(0.02)
        degraded = time.monotonic() - written
        assert state == (False, ["late"])  # the primary's page
        # The lag is counted from the last check before the write (the safe side): the standby is
        # left a little before it is a whole second behind, never later than a check interval after
        # (plus, here, a second for requests on a loaded machine).
        assert 0.5 <= degraded < 1.0 + 0.1 + 1.0
        FIGURES["lagging standby left (bound 1 s, checked every 0.1 s): the write until reads moved"].append(degraded)
        health = anon.get("/healthz")
        assert health.status_code == 200  # the site serves, from the primary
        assert health.json()["replica"]["status"] == "degraded" and health.json()["replica"]["reason"] == "lagging"
        assert health.json()["replica"]["lag_seconds"] > 1.0 and health.json()["replica"]["lag_bytes"] > 0
        assert read() == (False, ["late"])
    resumed = time.monotonic()
    while (state := read())[0] is False:
        assert time.monotonic() - resumed < 5, "reads did not come back to the standby"
        time.sleep(0.02)
    FIGURES["caught-up standby back in use: replay resumed until reads moved back"].append(time.monotonic() - resumed)
    assert state == (True, ["late"])


def test_a_standby_that_is_gone_costs_a_trip_to_the_primary_not_an_error(people, settings, point_replica_at, anon):
    # The last check found the standby fit, and no check is due: the requests find out by themselves.
    settings.VERMILION_REPLICA_CHECK_SECONDS = 60
    primary, _ = ports()
    other, note = people["other"], f"/api/v1/notes/{people['note_id']}"
    with answered() as seen:
        assert other.get(note).status_code == 200
    assert "replica" in seen.servers

    point_replica_at({"PORT": closed_port()})
    started = time.monotonic()
    with answered() as seen:
        response = other.get(note)
    FIGURES["the first request after the standby went away"].append(time.monotonic() - started)
    assert response.status_code == 200 and response.json()["title"] == "written on the primary"
    assert seen.servers == {"default": {(False, primary)}}
    assert monitor.state().reason == "failed in a request"

    monitor.reset()  # its own connection still reaches the old address; production never moves it
    health = anon.get("/healthz")
    assert health.status_code == 200
    assert health.json()["replica"]["status"] == "degraded" and health.json()["replica"]["reason"] == "unreachable"
    with answered() as seen:
        for path in (note, people["comments"], "/api/v1/users/author", "/api/v1/users/author/notes", "/api/v1/feed/discover"):
            assert other.get(path).status_code == 200, path
            assert anon.get(path).status_code == 200, path
    assert set(seen.servers) == {"default"}


def test_a_standby_that_dies_halfway_through_a_request_is_not_an_error(people, on_replica, settings):
    settings.VERMILION_REPLICA_CHECK_SECONDS = 60
    primary, replica = ports()
    killed: list[int] = []

    def kill_at_first_query(execute: Any, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        if not killed:
            info = context["connection"].connection.info
            assert info.port == replica
            killed.append(info.backend_pid)
            on_replica.terminate(info.backend_pid)  # the standby ends this session, as a restart would
        return execute(sql, params, many, context)

    started = time.monotonic()
    # The test client raises whatever a view raised: a 500 on the way would fail this test even if
    # the response came back fine.
    with connections["replica"].execute_wrapper(kill_at_first_query), answered() as seen:
        response = people["other"].get(f"/api/v1/notes/{people['note_id']}")
    FIGURES["a request whose standby session died: answered again from the primary"].append(time.monotonic() - started)
    assert killed and response.status_code == 200 and response.json()["title"] == "written on the primary"
    assert seen.servers["default"] == {(False, primary)}  # the whole request again, on the primary
    assert monitor.state().reason == "failed in a request"


@pytest.mark.usefixtures("empty_hot_cache")
def test_under_asgi_too_a_standby_dying_halfway_is_not_an_error(people, on_replica, settings, monkeypatch):
    """As uvicorn runs the site: the request's database work happens in a thread of asgiref's, and
    the failure has to come back through the async middleware around ReplicaMiddleware."""
    settings.VERMILION_REPLICA_CHECK_SECONDS = 60
    _, replica = ports()
    killed: list[int] = []
    fail_over = replica_routing.fail_over

    def kill_then_fail_over(execute: Any, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        if not killed:
            info = context["connection"].connection.info
            assert info.port == replica
            killed.append(info.backend_pid)
            on_replica.terminate(info.backend_pid)
        return fail_over(execute, sql, params, many, context)

    monkeypatch.setattr(replica_routing, "fail_over", kill_then_fail_over)
    errors: list[Any] = []

    def record(sender: Any, **kwargs: Any) -> None:
        errors.append(kwargs.get("request"))

    # Django sends this (and logs "Internal Server Error") for every exception it turns into a 500.
    got_request_exception.connect(record)
    try:
        answer = call("GET", f"/api/v1/notes/{people['note_id']}", token=people["other"].token)
    finally:
        got_request_exception.disconnect(record)
    assert killed and answer.status == 200 and answer.json()["title"] == "written on the primary"
    assert errors == []  # no 500 was made and thrown away on the way
    assert monitor.state().reason == "failed in a request"
