"""Asking for a translation, and doing one.

`request_translation` runs in the web request: it answers from the cache, or files the work once
(the unique constraint) and queues it for the worker after commit; it never runs the engine. The
worker's `do_translate` runs the engine outside any transaction and writes the result in one
short transaction, only if the row is still the pending job it was given.
"""

from __future__ import annotations

import hashlib
import logging
import time
import unicodedata
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vermilion.kit.errors import ApiError, field_error
from vermilion.kit.tasks import enqueue_on_commit

from . import rules
from .engines import TARGETS, EngineUnavailable, TranslationFailed, get_engine
from .models import Translation, TranslationPreference
from .pipeline import translate_text

log = logging.getLogger(__name__)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_target(target: str | None) -> str:
    if target not in TARGETS:
        raise field_error("target", "unsupported_language",
                          _("Translation is available into English (en) or Chinese (zh) only."))
    return str(target)


def check_text(text: str, field: str = "text") -> str:
    """A text worth sending to an engine, or a clear 400 saying why not."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise field_error(field, "empty_text", _("There is no text to translate."))
    if len(text) > rules.max_chars():
        raise field_error(field, "text_too_long",
                          _("Texts to translate can be at most %(max)d characters.") % {"max": rules.max_chars()})
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise field_error(field, "invalid_text", _("This text contains binary data and cannot be translated.")) from None
    junk = sum(1 for ch in text if (unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch not in "\n\t")
               or ch == "\ufffd")
    if junk:
        raise field_error(field, "invalid_text", _("This text contains binary data and cannot be translated."))
    if not any(ch.isalpha() for ch in text):
        raise field_error(field, "nothing_to_translate", _("There are no words to translate in this text."))
    return text


def unavailable() -> ApiError:
    return ApiError("translation_unavailable", _("Translation is not available right now. Please try again later."),
                    status=503, headers={"Retry-After": "60"})


def _failed() -> ApiError:
    return ApiError("translation_failed", _("This text could not be translated. Please try again later."),
                    status=503, headers={"Retry-After": str(int(rules.retry_seconds()))})


def _busy() -> ApiError:
    return ApiError("translation_busy", _("Too many translations are waiting. Please try again in a minute."),
                    status=503, headers={"Retry-After": "60"})


def engine_id() -> str:
    """The engine that would run now; EngineUnavailable → a 503 before anything is filed."""
    engine = get_engine()
    try:
        engine.check()
    except EngineUnavailable as exc:
        log.warning("translation unavailable: %s", exc)
        raise unavailable() from exc
    return engine.id


def queued_count() -> int:
    since = timezone.now() - timedelta(seconds=rules.timeout_seconds())
    return Translation.objects.filter(status=Translation.Status.PENDING, updated_at__gte=since).count()


def request_translation(text: str, source: str, target: str, *, raise_errors: bool = True) -> Translation | None:
    """The cached translation, or a pending one filed and queued. Raises ApiError (503) when it cannot be.

    With raise_errors=False (pre-computation) a refusal is None instead.
    """
    try:
        engine = engine_id()
        digest = text_hash(text)
        row = Translation.objects.filter(text_hash=digest, source=source, target=target, engine=engine).first()
        now = timezone.now()
        if row is not None and row.status == Translation.Status.DONE:
            return row
        age = now - row.updated_at if row is not None else timedelta(0)
        # A pending row older than the timeout was lost (a worker died): it is filed again below.
        if row is not None and row.status == Translation.Status.PENDING and age < timedelta(seconds=rules.timeout_seconds()):
            return row
        if row is not None and row.status == Translation.Status.FAILED and age < timedelta(seconds=rules.retry_seconds()):
            raise _failed()
        if queued_count() >= rules.queue_limit():
            raise _busy()
        with transaction.atomic():
            if row is None:
                try:
                    with transaction.atomic():
                        row = Translation.objects.create(text_hash=digest, source=source, target=target, engine=engine,
                                                         source_text=text)
                except IntegrityError:  # another reader filed it a moment ago: theirs is ours
                    return Translation.objects.get(text_hash=digest, source=source, target=target, engine=engine)
            else:
                Translation.objects.filter(pk=row.pk).update(status=Translation.Status.PENDING, error="", updated_at=now)
                row.status = Translation.Status.PENDING
            from .tasks import translate

            enqueue_on_commit(translate, row.pk)
        return row
    except ApiError:
        if raise_errors:
            raise
        return None


def settle(rows: list[Translation]) -> str:
    """One status for a group of rows (a note's title and body): done, pending, or a raised 503."""
    fresh = {r.pk: r for r in Translation.objects.filter(pk__in=[r.pk for r in rows])}
    statuses = {fresh[r.pk].status if r.pk in fresh else r.status for r in rows}
    for row in rows:
        if row.pk in fresh:
            row.status, row.text, row.quality = fresh[row.pk].status, fresh[row.pk].text, fresh[row.pk].quality
    if Translation.Status.FAILED in statuses:
        raise _failed()
    return Translation.Status.PENDING if Translation.Status.PENDING in statuses else Translation.Status.DONE


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


def do_set_auto_translate(user: Any, enabled: bool) -> bool:
    TranslationPreference.objects.update_or_create(user=user, defaults={"auto_translate": enabled})
    return enabled


def auto_translate(user: Any) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return TranslationPreference.objects.filter(user=user, auto_translate=True).exists()


# Cached translations are never read-stamped (that would turn every cache hit into a write), so
# they are kept by age: a row older than this is deleted and made again on the next request.
# Rows of an engine or model no longer configured can never be asked for again: a week is grace
# enough to switch back.
KEEP_DAYS = 180
OTHER_ENGINE_DAYS = 7
_DELETE_BATCH = 1000


def forget_old_translations(max_rows: int = 100_000) -> int:
    """Delete cached translations past their keeping time, in short batches (periodic)."""
    now = timezone.now()
    current = get_engine().id
    stale = Translation.objects.exclude(status=Translation.Status.PENDING).filter(
        updated_at__lt=now - timedelta(days=KEEP_DAYS)
    ) | Translation.objects.exclude(engine=current).filter(updated_at__lt=now - timedelta(days=OTHER_ENGINE_DAYS))
    deleted = 0
    while deleted < max_rows:
        ids = list(stale.values_list("pk", flat=True)[:_DELETE_BATCH])
        if not ids:
            break
        with transaction.atomic():
            deleted += Translation.objects.filter(pk__in=ids).delete()[0]
    return deleted
