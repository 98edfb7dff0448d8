"""Trust and safety's background work: screening content (called by its subscribers, subscribers.py)
and the periodic search for engagement rings. Screening takes ids, re-reads the content, and is
idempotent: a screening is stored once per content version (Screening's unique digest), so a retry
is a no-op."""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

from . import targets
from .actions import apply_screening
from .integrity import find_engagement_rings as find_rings
from .models import Target
from .regional import apply_regional_rules
from .screening import screen_content

log = logging.getLogger(__name__)


def screen(target_type: str, target_id: int) -> str:
    """Screen one note, comment, message or profile; returns the verdict ('' if gone or already done)."""
    content = targets.load(target_type, target_id)
    if content is None:
        return ""
    disclosed = target_type == Target.NOTE and targets.disclosed_sponsored(target_id)
    outcome = screen_content(content, disclosed=disclosed)  # the models run outside the transaction
    with transaction.atomic():
        screening = apply_screening(content, outcome)
        if target_type == Target.NOTE:
            apply_regional_rules(content)
    return outcome.verdict if screening is not None else ""


@task()
def find_engagement_rings() -> int:
    """Periodic: flag groups of accounts that like each other's notes in a ring; returns the ring count."""
    with transaction.atomic():
        return len(find_rings())
