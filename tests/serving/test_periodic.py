from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from vermilion.media.models import Media

pytestmark = pytest.mark.django_db(transaction=True)


def _jpeg() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(buffer, "JPEG")
    return buffer.getvalue()


def test_periodic_once_runs_media_cleanup(make_user):
    from vermilion.media.actions import do_upload_media

    user = make_user()
    stale = do_upload_media(user, SimpleUploadedFile("a.jpg", _jpeg()))
    fresh = do_upload_media(user, SimpleUploadedFile("b.jpg", _jpeg()))
    Media.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(days=2))
    call_command("periodic", "--once")
    assert list(Media.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_tasks_whose_worker_died_are_queued_again(database_task_queue, settings):
    from vermilion.serving.taskqueue import requeue_stale_tasks

    settings.VERMILION_TASK_STALE_SECONDS = 60
    now = timezone.now()
    lost = database_task_queue(status="RUNNING", started_at=now - timedelta(seconds=61))
    busy = database_task_queue(status="RUNNING", started_at=now - timedelta(seconds=5))
    done = database_task_queue(status="SUCCESSFUL", started_at=now - timedelta(hours=1))
    call_command("periodic", "--once")
    for row in (lost, busy, done):
        row.refresh_from_db()
    assert (lost.status, lost.started_at) == ("READY", None)
    assert busy.status == "RUNNING" and done.status == "SUCCESSFUL"
    assert requeue_stale_tasks() == 0  # nothing left to recover


def test_finished_task_rows_are_pruned_after_their_keeping_time(database_task_queue, settings):  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from vermilion.serving.taskqueue import KEEP_FAILED_DAYS, KEEP_SUCCEEDED_DAYS, prune_finished_tasks

    now = timezone.now()
    old_ok = database_task_queue(status="SUCCESSFUL", finished_at=now - timedelta(days=KEEP_SUCCEEDED_DAYS + 1))
    new_ok = database_task_queue(status="SUCCESSFUL", finished_at=now - timedelta(hours=1))
    failed = database_task_queue(status="FAILED", finished_at=now - timedelta(days=KEEP_SUCCEEDED_DAYS + 1))
    old_failed = database_task_queue(status="FAILED", finished_at=now - timedelta(days=KEEP_FAILED_DAYS + 1))
    waiting = database_task_queue()
    assert prune_finished_tasks() == 2
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {new_ok.pk, failed.pk, waiting.pk}
    assert not DBTaskResult.objects.filter(pk__in=[old_ok.pk, old_failed.pk]).exists()
    assert ("vermilion.serving.tasks.prune_task_results", 86400) in settings.VERMILION_PERIODIC_TASKS
