from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import override_settings


@pytest.fixture
def engine_config(settings: Any) -> Callable[..., None]:
    """Change VERMILION_TRANSLATION keys for one test: engine_config(ENGINE="off")."""

    def change(**values: Any) -> None:
        settings.VERMILION_TRANSLATION = {**settings.VERMILION_TRANSLATION, **values}

    return change


@pytest.fixture
def queued_only() -> Iterator[None]:
    """Tasks are queued but not run, as with a real worker that has not got to them yet."""
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend",
                                              "QUEUES": ["default", "translation"]}}):
        yield


def run_pending() -> int:
    """What the translation worker would do with everything queued."""
    from vermilion.translation.models import Translation
    from vermilion.translation.work import do_translate

    ids = list(Translation.objects.filter(status="pending").values_list("pk", flat=True))
    for pk in ids:
        do_translate(pk)
    return len(ids)
