"""A real PostgreSQL streaming replica behind the "replica" alias (scripts/pg-replica.sh starts one).

VERMILION_TEST_REPLICA_URL names the replica server (postgres://postgres@127.0.0.1:5433/postgres) and
VERMILION_TEST_DATABASE_URL the primary it replicates; without both these tests are skipped
(`make test` sets them in a stage of its own). A replica copies the whole cluster, so the test
database Django creates on the primary arrives on the replica like any other: the "replica" alias
stays a test mirror (Django creates, flushes and drops nothing through it: a standby would refuse)
and is pointed at the same database name on the replica server once that database has arrived.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import dj_database_url
import psycopg
import pytest
from django.db import connections

from tests.conftest import unavailable
from vermilion.serving.replicahealth import monitor

REPLICA_URL = os.environ.get("VERMILION_TEST_REPLICA_URL")
# What the run measured, printed at its end (docs/scaling.md quotes them).
FIGURES: dict[str, list[float]] = defaultdict(list)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not FIGURES:
        return
    terminalreporter.section("streaming replica: measured")
    for name, values in FIGURES.items():
        terminalreporter.write_line(f"{name}: n={len(values)} min={min(values) * 1000:.1f} ms "
                                    f"median={sorted(values)[len(values) // 2] * 1000:.1f} ms max={max(values) * 1000:.1f} ms")


@dataclass
class Replica:
    """The replica server and the primary, each through a connection of the test's own (to their
    `postgres` database, so that none holds the test database open when it is dropped)."""

    primary: psycopg.Connection[Any]
    server: psycopg.Connection[Any]
    settings_dict: dict[str, Any]
    paused: bool = field(default=False)

    def caught_up(self, timeout: float = 10) -> float:
        """Wait until the replica has replayed everything the primary has written so far; return how
        long that took (replication lag as a reader would see it, after a commit)."""
        (target,) = self.primary.execute("SELECT pg_current_wal_lsn()").fetchone()
        start = time.monotonic()
        while not self.server.execute("SELECT pg_last_wal_replay_lsn() >= %s", [target]).fetchone()[0]:
            if time.monotonic() - start > timeout:
                raise AssertionError(f"the replica has not replayed {target} after {timeout} s")
            time.sleep(0.002)
        return time.monotonic() - start

    @contextmanager
    def replay_paused(self) -> Iterator[None]:
        """The replica goes on receiving WAL but applies none of it: it falls behind."""
        self.server.execute("SELECT pg_wal_replay_pause()")
        try:
            yield
        finally:
            self.server.execute("SELECT pg_wal_replay_resume()")

    def terminate(self, backend_pid: int) -> None:
        """End one session on the replica and wait until it is gone (as a crash or restart would)."""
        self.server.execute("SELECT pg_terminate_backend(%s, 5000)", [backend_pid])


def _connect(settings_dict: dict[str, Any], dbname: str) -> psycopg.Connection[Any]:
    return psycopg.connect(host=settings_dict["HOST"], port=settings_dict["PORT"], user=settings_dict["USER"],
                           password=settings_dict["PASSWORD"] or None, dbname=dbname, autocommit=True)


@pytest.fixture(scope="session")
def streaming_replica(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Replica]:
    if not REPLICA_URL:
        unavailable("VERMILION_TEST_REPLICA_URL is not set (scripts/pg-replica.sh start; make test does it)")
    default = connections["default"].settings_dict
    if connections["default"].vendor != "postgresql":
        pytest.fail("VERMILION_TEST_REPLICA_URL needs VERMILION_TEST_DATABASE_URL: the primary it replicates",
                    pytrace=False)
    server = dj_database_url.parse(REPLICA_URL)
    settings_dict = {**default, "HOST": server["HOST"], "PORT": server["PORT"], "USER": server["USER"] or default["USER"],
                     "PASSWORD": server["PASSWORD"] or default["PASSWORD"], "TEST": {"MIRROR": "default"}}
    replica = Replica(primary=_connect(default, "postgres"), server=_connect(settings_dict, server["NAME"] or "postgres"),
                      settings_dict=settings_dict)
    (in_recovery,) = replica.server.execute("SELECT pg_is_in_recovery()").fetchone()
    assert in_recovery, f"{REPLICA_URL} is not a standby"
    replica.caught_up(timeout=60)  # the test database, migrated, has arrived
    exists = replica.server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [default["NAME"]]).fetchone()
    assert exists, f"the test database {default['NAME']} did not reach the replica"
    alias = connections["replica"]
    mirror = alias.settings_dict
    alias.close()
    alias.settings_dict = settings_dict  # a new dict: the mirror's is the very dict of "default"
    # Other threads (an ASGI request's) make their connections from the configured settings, which
    # Django's test mirror leaves naming the primary's own database.
    configured = connections.settings["replica"]
    original = dict(configured)
    configured.update(settings_dict)
    monitor.reset()
    try:
        yield replica
    finally:
        alias.close()
        alias.settings_dict = mirror
        configured.clear()
        configured.update(original)
        monitor.reset()
        replica.server.execute("SELECT pg_wal_replay_resume()")  # never leave it paused for a next run
        replica.primary.close()
        replica.server.close()


@pytest.fixture
def point_replica_at(streaming_replica: Replica) -> Iterator[Callable[[dict[str, Any]], None]]:
    """Point the alias somewhere else for one test (a closed port: a replica that is gone)."""
    alias = connections["replica"]

    def point(changes: dict[str, Any]) -> None:
        alias.close()
        alias.settings_dict = {**streaming_replica.settings_dict, **changes}

    yield point
    alias.close()
    alias.settings_dict = streaming_replica.settings_dict
