"""Enqueue the housekeeping tasks on a schedule (django-tasks has no scheduler of its own).

One such process per deployment is enough; running two is harmless because every periodic task
is idempotent. `vermilion run` starts one beside the worker. It also puts tasks whose worker died
back in the queue (kit.tasks.requeue_stale_tasks).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.module_loading import import_string

from vermilion.serving.taskqueue import requeue_stale_tasks

log = logging.getLogger(__name__)
STALE_CHECK_SECONDS = 15


class Command(BaseCommand):
    help = "Enqueue periodic tasks (VERMILION_PERIODIC_TASKS) forever, or once with --once."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="enqueue every periodic task once and exit")

    def handle(self, *args: Any, once: bool = False, **options: Any) -> None:
        schedule = [(import_string(path), int(every)) for path, every in settings.VERMILION_PERIODIC_TASKS]
        due = [0.0] * len(schedule)
        while True:
            # A long-lived command outlives its connection when PostgreSQL restarts; Django only
            # drops a broken connection between requests, so drop it here between rounds.
            close_old_connections()
            now = time.monotonic()
            for index, (task, every) in enumerate(schedule):
                if now >= due[index]:
                    try:
                        task.enqueue()
                    except Exception:  # a database hiccup must not stop the schedule
                        log.exception("could not enqueue %s", task)
                    due[index] = now + every
            try:
                if requeued := requeue_stale_tasks():
                    log.warning("queued %d tasks again whose worker stopped while running them", requeued)
            except Exception:
                log.exception("could not look for stale tasks")
            if once:
                return
            time.sleep(max(1.0, min(min(due) - time.monotonic(), STALE_CHECK_SECONDS)))
