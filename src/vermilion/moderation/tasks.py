"""Screening in the background. Tasks take ids, re-read the content, and are idempotent: a
screening is stored once per content version (Screening's unique digest), so a retry is a no-op."""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

log = logging.getLogger(__name__)


@task()
def screen(target_type: str, target_id: int) -> str:
    """Screen one note, comment, message or profile; returns the verdict ('' if gone or already done)."""
    from . import targets
    from .actions import apply_screening
    from .regional import apply_regional_rules
    from .screening import screen_content

    content = targets.load(target_type, target_id)
    if content is None:
        return ""
    disclosed = False
    if target_type == "note":
        from .models import Disclosure

        disclosed = Disclosure.objects.filter(note_id=target_id, sponsored=True).exists()
    outcome = screen_content(content, disclosed=disclosed)  # the models run outside the transaction
    with transaction.atomic():
        screening = apply_screening(content, outcome)
        if target_type == "note":
            apply_regional_rules(content)
    return outcome.verdict if screening is not None else ""


@task()
def find_engagement_rings() -> int:
    """Periodic: flag groups of accounts that like each other's notes in a ring; returns the ring count."""
    from .integrity import find_engagement_rings as find

    with transaction.atomic():
        return len(find())
