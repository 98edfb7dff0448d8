"""Translation work on a schedule (the translations themselves run in work.py)."""

from __future__ import annotations

from django_tasks import task

from . import actions


@task()
def pretranslate_trending() -> int:
    """File translations of trending notes into the other language before anyone asks (periodic)."""
    return actions.pretranslate_trending()


@task()
def forget_old_translations() -> int:
    """Delete cached translations past their keeping time (periodic, daily)."""
    return actions.forget_old_translations()
