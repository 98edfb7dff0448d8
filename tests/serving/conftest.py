from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def database_task_queue(monkeypatch: Any) -> Callable[..., Any]:
    """The database task queue as production has it (tests otherwise run tasks immediately);
    returns a maker of queued task rows."""
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult, get_date_max

    backend = DatabaseBackend("default", {"QUEUES": [], "OPTIONS": {}})
    monkeypatch.setattr(type(task_backends), "__getitem__", lambda self, alias: backend)

    def make(**fields: Any) -> DBTaskResult:
        row = {"args_kwargs": {"args": [], "kwargs": {}}, "task_path": "vermilion.kit.events.deliver",
               "backend_name": "default", "run_after": get_date_max(), **fields}
        return DBTaskResult.objects.create(**row)

    return make
