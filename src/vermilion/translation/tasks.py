"""Translation background work, on its own queue so a slow model never delays notifications.

`vermilion run` starts VERMILION_TRANSLATION["WORKERS"] worker processes for the "translation"
queue (each loads the model once); that number is the translation concurrency.
"""

from __future__ import annotations

from django_tasks import task

QUEUE = "translation"


@task(queue_name=QUEUE)
def translate(translation_id: int) -> str:
    from .actions import do_translate

    return do_translate(translation_id)


@task()
def pretranslate_trending() -> int:
    """File translations of trending notes into the other language before anyone asks (periodic)."""
    from .queries import pretranslate_trending as run

    return run()


@task()
def forget_old_translations() -> int:
    """Delete cached translations past their keeping time (periodic, daily)."""
    from .actions import forget_old_translations as run

    return run()
