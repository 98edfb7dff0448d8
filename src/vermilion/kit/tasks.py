"""Enqueue background work so that it stands or falls with the write that caused it.

With the database task backend (the default, and production) the task row is written inside the
current transaction: the queue is an outbox. A rollback takes the task with it, a worker never sees
a task before the rows it is about exists, and a process killed right after the commit loses
nothing, because there is no second step after the commit. A backend that cannot join the
transaction (the immediate backend of the tests) gets the task once the transaction commits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.db import transaction
from django_tasks.base import Task

P = ParamSpec("P")
T = TypeVar("T")


def joins_transaction(task: Task[Any, Any]) -> bool:
    """True when enqueuing `task` writes a row in the current database transaction."""
    return type(task.get_backend()).__name__ == "DatabaseBackend"


def enqueue(task: Task[P, T], *args: P.args, **kwargs: P.kwargs) -> None:
    if joins_transaction(task):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


def on_commit(work: Callable[[], object]) -> None:
    """Run `work` in this process once the current transaction commits (at once outside one)."""
    transaction.on_commit(work)
