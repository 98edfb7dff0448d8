"""The read replica's check (serving/replicahealth.py), against two pretend servers and a pretend
clock: how far behind it counts a replica, when it takes it out and puts it back, and what a
request pays for asking. tests/scaleout runs the same check against a real streaming replica."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from django.db import connections

from vermilion.serving import replicahealth
from vermilion.serving.replicahealth import MAX_SEEN, PROBE_TIMEOUT, ReplicaMonitor, ReplicaState


class Servers:
    """A primary at WAL position `primary`, a standby that has replayed up to `replayed`."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.primary = self.replayed = 100
        self.up = True
        self.catch_up_while_waiting = False
        self.queries = 0

    def query(self, alias: str, sql: str) -> tuple[Any, ...]:
        self.queries += 1
        if alias == "default":
            return (f"0/{self.primary:X}",)
        if not self.up:
            raise psycopg.OperationalError("connection refused")
        return (True, f"0/{self.replayed:X}")

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        if self.catch_up_while_waiting:
            self.replayed = self.primary

    def write(self) -> None:
        self.primary += 16


@pytest.fixture
def servers(settings: Any, monkeypatch: Any) -> Servers:
    settings.VERMILION_REPLICA_MAX_LAG_SECONDS = 3
    settings.VERMILION_REPLICA_CHECK_SECONDS = 1
    monkeypatch.setattr(connections["replica"], "vendor", "postgresql")
    return Servers()


@pytest.fixture
def monitor(servers: Servers, monkeypatch: Any) -> ReplicaMonitor:
    watch = ReplicaMonitor(clock=lambda: servers.now, sleep=servers.sleep)
    monkeypatch.setattr(watch, "_query", servers.query)
    return watch


def check_at(monitor: ReplicaMonitor, servers: Servers, when: float) -> Any:
    servers.now = 1000.0 + when
    return monitor.state(fresh=True)


def test_an_idle_primary_is_no_lag_however_long_nothing_is_written(monitor, servers):
    for when in (0, 60, 3600):
        state = check_at(monitor, servers, when)
        assert (state.usable, state.reason, state.lag_seconds, state.lag_bytes) == (True, "ok", 0.0, 0)


def test_a_replica_that_stops_replaying_is_left_once_a_bound_behind_and_taken_back_when_caught_up(monitor, servers):
    assert check_at(monitor, servers, 0).usable
    servers.write()  # at 0.5 s; the standby applies nothing from here on
    seen = {when: check_at(monitor, servers, when) for when in (1, 2, 3, 4)}
    assert [seen[when].lag_seconds for when in (1, 2, 3, 4)] == [1.0, 2.0, 3.0, 4.0]  # counted from the last check it has
    assert [seen[when].usable for when in (1, 2, 3, 4)] == [True, True, True, False]
    assert seen[4].reason == "lagging" and seen[4].lag_bytes == 16
    servers.replayed = servers.primary
    state = check_at(monitor, servers, 5)
    assert (state.usable, state.lag_seconds) == (True, 0.0)


def test_checks_far_apart_never_make_a_stale_replica_look_fresh(monitor, servers):
    """Nothing asked for 100 s, then a write the standby has not replayed: it may be 100 s behind
    for all the check knows, so it is left until a check proves otherwise."""
    assert check_at(monitor, servers, 0).usable
    servers.write()
    state = check_at(monitor, servers, 100)
    assert (state.usable, state.lag_seconds) == (False, 100.0)
    servers.replayed = servers.primary
    assert check_at(monitor, servers, 101).usable


def test_a_replica_milliseconds_behind_a_write_made_just_now_is_not_behind(monitor, servers):
    servers.write()
    servers.catch_up_while_waiting = True  # it replays within the check's grace
    state = check_at(monitor, servers, 0)  # a process's first check: no earlier position to count from
    assert (state.usable, state.lag_seconds) == (True, 0.0)
    assert servers.now - 1000.0 <= 0.05


def test_a_first_check_that_finds_the_replica_behind_does_not_trust_it(monitor, servers):
    servers.write()
    state = check_at(monitor, servers, 0)
    assert (state.usable, state.reason, state.lag_seconds) == (False, "lagging", None)


def test_a_replica_that_does_not_answer_is_left_until_it_does(monitor, servers):
    servers.up = False
    state = check_at(monitor, servers, 0)
    assert (state.usable, state.reason, state.error) == (False, "unreachable", "OperationalError")
    servers.up = True
    assert check_at(monitor, servers, 1).usable


def test_the_answer_is_checked_once_per_interval_and_a_failed_request_takes_the_replica_out(monitor, servers):
    assert monitor.usable()
    asked = servers.queries
    servers.now += 0.5
    assert monitor.usable() and servers.queries == asked  # a clock read, no query
    monitor.mark_down(psycopg.OperationalError("server closed the connection"))
    assert not monitor.usable() and monitor.failed()
    servers.now += 1
    assert monitor.usable() and not monitor.failed()  # the next check finds it fit again
    assert servers.queries > asked


def test_requests_do_not_wait_for_a_check_in_progress_nor_trust_a_hung_one(monitor, servers):
    assert monitor.usable()
    monitor._lock.acquire()  # another request's check, stuck on a silent network
    try:
        servers.now += 1.5
        assert monitor.usable()  # the last answer, without waiting
        servers.now += PROBE_TIMEOUT
        assert not monitor.usable()  # that old, it proves nothing
    finally:
        monitor._lock.release()


def test_a_replica_behind_for_hours_is_remembered_in_bounded_memory(monitor, servers):
    assert check_at(monitor, servers, 0).usable
    for second in range(1, 3 * MAX_SEEN):
        servers.write()
        state = check_at(monitor, servers, second)
    assert len(monitor._seen) <= MAX_SEEN
    assert state.lag_seconds == 3 * MAX_SEEN - 1  # still counted from the last position it has
    servers.replayed = servers.primary - 16  # caught up but for the newest write
    state = check_at(monitor, servers, 3 * MAX_SEEN)
    assert (state.usable, state.lag_seconds) == (True, 2.0)  # from the check that saw the write it has


# transaction=True: its connections are closed after it (the replica's mirror would hold the test database).
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_healthz_shows_the_replica_and_keeps_the_process_in_service_while_reads_avoid_it(client, settings, monkeypatch):
    settings.VERMILION_READ_REPLICA = True
    replica = client.get("/healthz").json()["replica"]
    assert replica["status"] == "ok" and replica["configured"] is True and replica["serving_reads"] is True

    gone = ReplicaState(False, "unreachable", 0.0, error="OperationalError")
    monkeypatch.setattr(replicahealth.monitor, "_check", lambda: gone)
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "degraded"
    assert response.json()["replica"] == {"status": "degraded", "configured": True, "serving_reads": False,
                                          "reason": "unreachable", "lag_seconds": None, "lag_bytes": None,
                                          "error": "OperationalError"}
