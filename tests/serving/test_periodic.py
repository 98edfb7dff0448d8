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
    from vermilion.kit.tasks import requeue_stale_tasks

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
