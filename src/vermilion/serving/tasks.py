"""Housekeeping of the serving layer, on a schedule (VERMILION_PERIODIC_TASKS)."""

from __future__ import annotations

from django_tasks import task

from .taskqueue import prune_finished_tasks


@task()
def prune_task_results() -> int:
    """Delete finished task rows past their keeping time (daily)."""
    return prune_finished_tasks()
