"""A process killed between a write's commit and its follow-up work loses nothing: the note is still
indexed, embedded and screened, because that work was queued in the write's own transaction."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from vermilion.feed.models import NoteEmbedding
from vermilion.kit import events
from vermilion.moderation.models import Screening
from vermilion.search.models import SearchDocument

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


def _work_the_queue() -> int:
    """What a worker would do: run every queued delivery once (they are idempotent)."""
    ran = 0
    for row in DBTaskResult.objects.filter(task_path="vermilion.kit.events.deliver", status="READY").order_by("priority"):
        events.deliver.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
        DBTaskResult.objects.filter(pk=row.pk).update(status="SUCCESSFUL")
        ran += 1
    return ran


def test_a_killed_writer_leaves_its_follow_up_work_queued(make_user: Any) -> None:
    author = make_user("survivor")
    env = {**os.environ, "CRASH_DATABASE_NAME": str(connection.settings_dict["NAME"]), "PYTHONPATH": str(ROOT)}
    child = subprocess.run([sys.executable, "-m", "tests.kit.crash_child", author.username], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120)
    assert child.returncode == -signal.SIGKILL, child.stderr[-2000:]
    note_id = int(child.stdout.split()[0])
    queued = {row.args_kwargs["args"][0] for row in DBTaskResult.objects.filter(task_path="vermilion.kit.events.deliver")}
    assert {"vermilion.search.subscribers.index_note", "vermilion.feed.subscribers.embed_note",
            "vermilion.moderation.subscribers.screen_note"} <= queued
    assert _work_the_queue() >= 3
    assert SearchDocument.objects.filter(note_id=note_id).exists()
    assert NoteEmbedding.objects.filter(note_id=note_id).exists()
    assert Screening.objects.filter(target_type="note", target_id=note_id).exists()
