"""Old cached translations are deleted by the daily housekeeping task; recent ones and pending
jobs stay, and a deleted translation is simply made again when someone asks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from vermilion.translation.actions import KEEP_DAYS, OTHER_ENGINE_DAYS, forget_old_translations, get_engine
from vermilion.translation.models import Translation

pytestmark = pytest.mark.django_db(transaction=True)  # translations are queued on commit


def _row(name: str, engine: str, status: str, age_days: float) -> Translation:
    row = Translation.objects.create(text_hash=name.ljust(64, "0"), source="zh", target="en", engine=engine,
                                     status=status, source_text=name, text=name.upper())
    Translation.objects.filter(pk=row.pk).update(updated_at=timezone.now() - timedelta(days=age_days))
    return row


def test_old_rows_and_rows_of_a_retired_engine_go_recent_ones_stay():
    current = get_engine().id
    keep = [
        _row("recent", current, "done", 3),
        _row("other-engine-recent", "local:retired-model", "done", OTHER_ENGINE_DAYS - 1),
        _row("long-pending", current, "pending", KEEP_DAYS + 5),  # a job is the worker's business
    ]
    gone = [
        _row("old", current, "done", KEEP_DAYS + 1),
        _row("old-failure", current, "failed", KEEP_DAYS + 1),
        _row("other-engine-old", "local:retired-model", "done", OTHER_ENGINE_DAYS + 1),
    ]
    assert forget_old_translations() == len(gone)
    assert set(Translation.objects.values_list("pk", flat=True)) == {r.pk for r in keep}
    assert forget_old_translations() == 0


def test_the_task_is_scheduled_daily(settings):
    assert ("vermilion.translation.tasks.forget_old_translations", 86400) in settings.VERMILION_PERIODIC_TASKS


def test_a_forgotten_translation_is_made_again(make_user, client_for, post_note):
    author = make_user("kept_author")
    note = post_note(author, title="猫税", body="今天的猫税 #猫税")
    api = client_for(make_user("kept_reader"), language="en")
    first = api.get(f"/api/v1/notes/{note['id']}/translation?target=en")
    assert first.status_code == 200, first.content
    Translation.objects.update(updated_at=timezone.now() - timedelta(days=KEEP_DAYS + 1))
    assert forget_old_translations() >= 1 and not Translation.objects.exists()
    again = api.get(f"/api/v1/notes/{note['id']}/translation?target=en")
    assert again.status_code == 200 and again.json()["title"] == first.json()["title"]
