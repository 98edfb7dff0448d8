"""Enqueue background tasks only once the surrounding transaction has committed.

A rolled-back request must not leave work behind (and a worker must never see a row that does
not exist yet), so every domain action queues its tasks through here.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction


def enqueue_on_commit(task: Any, *args: Any, **kwargs: Any) -> None:
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


def queue_state() -> dict[str, Any] | None:
    """Tasks due and waiting, tasks running, and how long the longest-waiting one has waited (the
    queue's lag); None when tasks do not go through the database queue. A task scheduled for later
    waits only from the moment it is due."""
    from django_tasks import task_backends

    if type(task_backends["default"]).__name__ != "DatabaseBackend":
        return None
    from django.db.models import Min
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = timezone.now()
    due = DBTaskResult.objects.ready()
    never_delayed = due.filter(run_after=get_date_max()).aggregate(oldest=Min("enqueued_at"))["oldest"]
    delayed = due.exclude(run_after=get_date_max()).aggregate(oldest=Min("run_after"))["oldest"]
    since = min((t for t in (never_delayed, delayed) if t is not None), default=None)
    return {
        "queued": due.count(),
        "running": DBTaskResult.objects.running().count(),
        "lag_seconds": round(max(0.0, (now - since).total_seconds()), 1) if since else 0.0,
    }


def requeue_stale_tasks() -> int:
    """Tasks left running by a worker that died (killed, out of memory, machine lost) go back to
    the queue once they have been running longer than VERMILION_TASK_STALE_SECONDS. Every task is
    idempotent, so running one twice is safe; losing one is not."""
    from django_tasks import task_backends

    if type(task_backends["default"]).__name__ != "DatabaseBackend":
        return 0
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - timedelta(seconds=float(settings.VERMILION_TASK_STALE_SECONDS))
    return DBTaskResult.objects.running().filter(started_at__lt=cutoff).update(status="READY", started_at=None)
