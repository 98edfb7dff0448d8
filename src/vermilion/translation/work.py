"""The worker's half of a translation: run the engine on a pending row and record the outcome.

On its own queue ("translation") so a slow model never delays notifications: `vermilion run`
starts VERMILION_TRANSLATION["WORKERS"] worker processes for it (each loads the model once); that
number is the translation concurrency.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from . import rules
from .engine import EngineUnavailable, TranslationFailed
from .engines import get_engine
from .models import Translation
from .pipeline import translate_text

log = logging.getLogger(__name__)

QUEUE = "translation"


@task(queue_name=QUEUE)
def translate(translation_id: int) -> str:
    return do_translate(translation_id)


def do_translate(translation_id: int) -> str:
    """The worker's half: run the engine on a pending row and record the outcome. Idempotent."""
    row = Translation.objects.filter(pk=translation_id, status=Translation.Status.PENDING).first()
    if row is None:
        return "gone"
    engine = get_engine()
    if engine.id != row.engine:
        return "other_engine"  # configuration changed since it was filed; a new request files anew
    deadline = time.monotonic() + rules.timeout_seconds()
    started = time.monotonic()
    outcome: dict[str, Any]
    try:
        result = translate_text(row.source_text, row.source, row.target, engine, deadline)
        outcome = {"status": Translation.Status.DONE, "text": result.text, "quality": result.quality, "error": ""}
    except EngineUnavailable:
        log.warning("translation %s: engine unavailable", translation_id)
        outcome = {"status": Translation.Status.FAILED, "error": "unavailable"}
    except TranslationFailed as exc:
        outcome = {"status": Translation.Status.FAILED, "error": str(exc)[:40] or "failed"}
    except Exception:  # a crashing engine must not leave the job pending forever
        log.exception("translation %s: engine crashed", translation_id)
        outcome = {"status": Translation.Status.FAILED, "error": "crashed"}
    log.info("translation %s: %s in %.1fs", translation_id, outcome["status"], time.monotonic() - started)
    with transaction.atomic():
        Translation.objects.filter(pk=row.pk, status=Translation.Status.PENDING).update(
            attempts=row.attempts + 1, updated_at=timezone.now(), **outcome)
    return str(outcome["status"])
