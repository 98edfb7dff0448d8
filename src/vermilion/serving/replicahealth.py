"""Is the read replica fit to serve reads right now? A cached answer per process, asked once per
request by ReplicaMiddleware (serving/replica.py).

Two things make a replica unfit: it does not answer, or it is further behind the primary than
VERMILION_REPLICA_MAX_LAG_SECONDS. Reads then go to the primary until a later check finds it fit.

How far behind is measured without writing anything. Every check reads the primary's WAL position
(`pg_current_wal_lsn()`), then the position the replica has replayed (`pg_last_wal_replay_lsn()`),
and keeps (time of the check, primary's position). The latest check whose position the replica has
replayed by now is the anchor: everything written before it is on the replica, so the replica is at
most `now - anchor` behind. An idle primary reads as no lag (the anchor is the check itself), which
`now() - pg_last_xact_replay_timestamp()` on the replica gets wrong: that grows while nothing is
written. The bound errs on the safe side: a replica may be left up to one check interval before it
is a whole bound behind, never later than one interval after. Before calling a replica behind (or
at a process's first check, which has no anchor), the check gives it CATCH_UP_GRACE to replay what
it saw the primary at: a replica milliseconds behind a write made just now is not "behind".

The check runs in the request that finds the last answer older than VERMILION_REPLICA_CHECK_SECONDS;
other requests meanwhile keep the last answer instead of waiting. It uses two connections of its own
(one to each server, psycopg, autocommit, short timeouts), not Django's: its queries must never be
counted in, or wait behind, the request's. A check that hangs (a silent network) cannot keep an old
"fit" alive: an answer older than a check interval plus PROBE_TIMEOUT counts as unfit.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, LiteralString

import psycopg
from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
# libpq's shortest connect timeout is 2 s; a statement on either side that takes longer than a
# second is a server in trouble.
CONNECT_TIMEOUT = 2
STATEMENT_TIMEOUT_MS = 1000
PROBE_TIMEOUT = CONNECT_TIMEOUT * 2 + 1
FAILED = "failed in a request"
CATCH_UP_GRACE = 0.05
# Checks remembered while the replica is behind; past this the ones between the anchor and the
# newest are dropped, which can only make the lag look larger (the safe side).
MAX_SEEN = 256


@dataclass(frozen=True)
class ReplicaState:
    usable: bool
    reason: str  # "ok", "not postgresql", "unreachable", "lagging", "primary unreachable", "failed in a request"
    checked_at: float  # time.monotonic()
    lag_seconds: float | None = None
    lag_bytes: int | None = None
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"serving_reads": self.usable, "reason": self.reason, "lag_seconds": self.lag_seconds,
                "lag_bytes": self.lag_bytes, **({"error": self.error} if self.error else {})}


def lsn(text: str) -> int:
    """'16/B374D848' → a byte position (pg_lsn has no psycopg loader; it arrives as text)."""
    high, low = text.split("/")
    return (int(high, 16) << 32) + int(low, 16)


def max_lag_seconds() -> float:
    return float(getattr(settings, "VERMILION_REPLICA_MAX_LAG_SECONDS", 3))


def check_seconds() -> float:
    return float(getattr(settings, "VERMILION_REPLICA_CHECK_SECONDS", 1))


class ReplicaMonitor:
    def __init__(self, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
        self.clock, self.sleep = clock, sleep
        self._lock = threading.Lock()
        self._state: ReplicaState | None = None
        self._links: dict[str, psycopg.Connection[Any]] = {}
        # (time, primary's position) of the anchor and of the later checks, oldest first.
        self._seen: list[tuple[float, int]] = []

    def usable(self) -> bool:
        """May this request read from the replica? Cheap (a clock read) unless a check is due."""
        state = self._state
        if state is not None and not self._due(state):
            return state.usable
        # The first answer is waited for; later ones are refreshed by whichever request gets the
        # lock, while the rest use the last answer.
        if self._lock.acquire(blocking=state is None):
            try:
                state = self._state
                if state is None or self._due(state):
                    state = self._state = self._check()
            finally:
                self._lock.release()
            return state.usable
        assert state is not None  # a blocking acquire (no answer yet) does not fail
        if self.clock() - state.checked_at >= check_seconds() + PROBE_TIMEOUT:
            return False  # the check in progress hangs: an answer this old proves nothing
        return state.usable

    def _due(self, state: ReplicaState) -> bool:
        return self.clock() - state.checked_at >= check_seconds()

    def state(self, fresh: bool = False) -> ReplicaState:
        """The last answer (checked now when `fresh`, or when there is none), for /healthz."""
        if fresh or self._state is None:
            with self._lock:
                self._state = self._check()
        assert self._state is not None
        return self._state

    def mark_down(self, error: BaseException) -> None:
        """A request's read failed on the replica: use the primary until the next check says otherwise."""
        logger.warning("read replica failed in a request, reading from the primary: %s", error)
        self._state = ReplicaState(False, FAILED, self.clock(), error=type(error).__name__)

    def failed(self) -> bool:
        """Did a request find the replica broken since the last check? Then the requests that had
        started reading from it stop trying (each try could wait for a connection), while one that
        merely found it lagging goes on: a request reads from one server, unless that one fails."""
        state = self._state
        return state is not None and state.reason == FAILED

    def reset(self) -> None:
        """Forget the answer and close the check's connections (tests; a re-pointed replica)."""
        with self._lock:
            self._state = None
            self._seen = []
            for link in self._links.values():
                link.close()
            self._links.clear()

    def _query(self, alias: str, sql: LiteralString) -> tuple[Any, ...]:
        link = self._links.get(alias)
        if link is None or link.closed or link.broken:
            params = dict(connections[alias].get_connection_params())
            params.pop("cursor_factory", None)  # Django's cursor class; the check needs plain tuples
            params.pop("prepare_threshold", None)
            params.pop("context", None)  # Django's adapters too: plain psycopg types
            params.update(options=f"{params.get('options', '')} -c statement_timeout={STATEMENT_TIMEOUT_MS}".strip(),
                          autocommit=True, connect_timeout=CONNECT_TIMEOUT, application_name="vermilion-replica-check")
            link = psycopg.connect(**params)
            self._links[alias] = link
        try:
            row = link.execute(sql).fetchone()
        except psycopg.Error:
            link.close()  # reconnect next time
            self._links.pop(alias, None)
            raise
        assert row is not None
        return tuple(row)

    def _check(self) -> ReplicaState:
        now = self.clock()  # before the primary's position is read: "written before now" is then covered
        if connections[REPLICA].vendor != "postgresql":
            return ReplicaState(True, "not postgresql", now)  # the test mirror on SQLite: nothing to lag
        try:
            (current,) = self._query("default", "SELECT pg_current_wal_lsn()::text")
        except psycopg.Error as exc:
            current, primary_error = None, type(exc).__name__
        try:
            in_recovery, replayed = self._query(REPLICA, REPLAYED)
        except psycopg.Error as exc:
            return ReplicaState(False, "unreachable", now, error=type(exc).__name__)
        if not in_recovery or replayed is None:
            # Not a standby (the alias points at a primary, as the PostgreSQL test mirror does): it
            # has everything it will ever have.
            return ReplicaState(True, "ok", now, lag_seconds=0.0, lag_bytes=0)
        if current is None:
            # With the primary down nothing new is written: the replica is as fresh as anything can
            # be, and reading from it keeps pages up.
            return ReplicaState(True, "primary unreachable", now, error=primary_error)
        position = lsn(current)
        self._remember(now, position)
        lag = self._lag(now, lsn(replayed))
        grace_ends = self.clock() + CATCH_UP_GRACE
        while (lag is None or lag > max_lag_seconds()) and self.clock() < grace_ends:
            self.sleep(0.005)
            try:
                _, replayed = self._query(REPLICA, REPLAYED)
            except psycopg.Error as exc:
                return ReplicaState(False, "unreachable", now, error=type(exc).__name__)
            lag = self._lag(now, lsn(replayed))
        fit = lag is not None and lag <= max_lag_seconds()
        return ReplicaState(fit, "ok" if fit else "lagging", now, lag_seconds=None if lag is None else round(lag, 3),
                            lag_bytes=max(0, position - lsn(replayed)))

    def _remember(self, now: float, position: int) -> None:
        seen = self._seen
        if seen and seen[-1][1] == position:
            seen[-1] = (now, position)  # the primary was still there: the later time is the better anchor
        else:
            seen.append((now, position))
        if len(seen) > MAX_SEEN:
            del seen[1:-(MAX_SEEN // 2)]

    def _lag(self, now: float, replayed: int) -> float | None:
        """How far behind, at most: the time since the latest check whose primary position the
        replica has replayed (None: it has replayed none of the positions this process saw)."""
        anchored = [index for index, (_, position) in enumerate(self._seen) if position <= replayed]
        if not anchored:
            return None
        del self._seen[:anchored[-1]]
        return now - self._seen[0][0]


REPLAYED: LiteralString = "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text"


monitor = ReplicaMonitor()
