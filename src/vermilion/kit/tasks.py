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
    """Per queue and in all: tasks due and waiting, tasks running, and how long the longest-waiting
    due task has waited (the lag); None when tasks do not go through the database queue. A task
    scheduled for later waits only from the moment it is due."""
    from django_tasks import task_backends

    if type(task_backends["default"]).__name__ != "DatabaseBackend":
        return None
    from django.db.models import Count, Min, Q
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = timezone.now()
    undelayed = Q(run_after=get_date_max())
    queues: dict[str, dict[str, Any]] = {}
    due = DBTaskResult.objects.ready().values("queue_name").annotate(
        n=Count("id"), plain=Min("enqueued_at", filter=undelayed), delayed=Min("run_after", filter=~undelayed))
    for row in due:
        since = min((t for t in (row["plain"], row["delayed"]) if t is not None), default=None)
        queues[row["queue_name"]] = {"queued": row["n"], "running": 0,
                                     "lag_seconds": round(max(0.0, (now - since).total_seconds()), 1) if since else 0.0}
    for row in DBTaskResult.objects.running().values("queue_name").annotate(n=Count("id")):
        queues.setdefault(row["queue_name"], {"queued": 0, "running": 0, "lag_seconds": 0.0})["running"] = row["n"]
    return {
        "queued": sum(q["queued"] for q in queues.values()),
        "running": sum(q["running"] for q in queues.values()),
        "lag_seconds": max((q["lag_seconds"] for q in queues.values()), default=0.0),
        "queues": queues,
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
