"""Enqueue background tasks only once the surrounding transaction has committed.

A rolled-back request must not leave work behind (and a worker must never see a row that does
not exist yet), so every domain action queues its tasks through here.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction


def enqueue_on_commit(task: Any, *args: Any, **kwargs: Any) -> None:
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))
