"""The task queue seen from outside: its depth and lag (/healthz, /metrics), and tasks whose worker
died put back (the periodic scheduler)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db.models import DBTaskResult, get_date_max


def _database_queue() -> bool:
    return type(task_backends["default"]).__name__ == "DatabaseBackend"


def queue_state() -> dict[str, Any] | None:
    """Per queue and in all: tasks due and waiting, tasks running, and how long the longest-waiting
    due task has waited (the lag); None when tasks do not go through the database queue. A task
    scheduled for later waits only from the moment it is due."""
    if not _database_queue():
        return None
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
    if not _database_queue():
        return 0
    cutoff = timezone.now() - timedelta(seconds=float(settings.VERMILION_TASK_STALE_SECONDS))
    return DBTaskResult.objects.running().filter(started_at__lt=cutoff).update(status="READY", started_at=None)


# Finished work is kept long enough to look into (a failure's traceback for two weeks), then
# deleted: every write leaves a row per durable subscriber (kit/events.py), and the table would
# otherwise only grow.
KEEP_SUCCEEDED_DAYS = 2
KEEP_FAILED_DAYS = 14
_PRUNE_BATCH = 5000


def prune_finished_tasks(max_rows: int = 500_000) -> int:
    """Delete finished task rows past their keeping time, in short batches; returns how many."""
    if not _database_queue():
        return 0
    now = timezone.now()
    old = (DBTaskResult.objects.successful().filter(finished_at__lt=now - timedelta(days=KEEP_SUCCEEDED_DAYS))
           | DBTaskResult.objects.failed().filter(finished_at__lt=now - timedelta(days=KEEP_FAILED_DAYS)))
    deleted = 0
    while deleted < max_rows:
        ids = list(old.values_list("pk", flat=True)[:_PRUNE_BATCH])
        if not ids:
            break
        deleted += DBTaskResult.objects.filter(pk__in=ids).delete()[0]
    return deleted
