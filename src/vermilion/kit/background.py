"""Work a web process does beside its requests, in a thread: one run at a time per job."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections


class BackgroundJob:
    """`start()` runs `target` in a daemon thread unless a run is already going (then it is a
    no-op: the running one will do). The thread's database connections go back to the pool at
    the end."""

    def __init__(self, name: str, target: Callable[[], object]) -> None:
        self.name = name
        self.target = target
        self.running = False
        self._lock = threading.Lock()

    def start(self) -> bool:
        with self._lock:
            if self.running:
                return False
            self.running = True
        threading.Thread(target=self._run, name=self.name, daemon=True).start()
        return True

    def _run(self) -> None:
        try:
            self.target()
        finally:
            self.running = False
            connections.close_all()  # this thread's own connections
