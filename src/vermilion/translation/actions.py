"""Asking for a translation, and doing one.

`request_translation` runs in the web request: it answers from the cache, or files the work once
(the unique constraint) and queues it for the worker after commit; it never runs the engine. The
worker's `do_translate` runs the engine outside any transaction and writes the result in one
short transaction, only if the row is still the pending job it was given.
"""

from __future__ import annotations

import hashlib
import logging
import unicodedata
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vermilion.accounts.models import User
from vermilion.feed.models import Trending
from vermilion.kit.errors import ApiError, field_error
from vermilion.kit.tasks import enqueue
from vermilion.notes.models import Note

from . import rules
from .engine import TARGETS, EngineUnavailable
from .engines import get_engine
from .models import Translation, TranslationPreference
from .work import translate

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
            enqueue(translate, row.pk)
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


def do_set_auto_translate(user: User, enabled: bool) -> bool:
    TranslationPreference.objects.update_or_create(user=user, defaults={"auto_translate": enabled})
    return enabled


def translate_fields(fields: dict[str, str], source: str, target: str, engine_label: str = "") -> tuple[str, dict[str, Any]]:
    """Translations of several fields of one object (a note's title and body) as one answer: the
    cached ones, the rest filed and queued."""
    target = check_target(target)
    if source == target:
        raise ApiError("same_language", _("This is already in that language."), status=400,
                       fields={"target": [_("This is already in that language.")]})
    rows: dict[str, Translation] = {}
    for name, value in fields.items():
        if value.strip():
            row = request_translation(value.replace("\r\n", "\n").strip(), source, target)
            assert row is not None  # raise_errors=True: a refusal raised
            rows[name] = row
    status = settle(list(rows.values()))
    payload: dict[str, Any] = {"status": status, "source_language": source or None, "target": target}
    if status == Translation.Status.DONE:
        first = next(iter(rows.values()))
        payload["engine"] = first.engine
        qualities = {row.quality for row in rows.values()}
        payload["quality"] = "partial" if "partial" in qualities else "literal" if "literal" in qualities else "ok"
        for name in fields:
            payload[name] = rows[name].text if name in rows else fields[name]
    return status, payload


def pretranslate_trending() -> int:
    """Queue translations of the top trending notes into the other of zh / en; returns rows filed."""
    limit = rules.pretranslate_count()
    if limit <= 0:
        return 0
    try:
        engine = engine_id()
    except ApiError:
        return 0  # no engine: nothing to pre-compute
    ids = list(Trending.objects.filter(region="").order_by("-score").values_list("note_id", flat=True)[:limit])
    notes = Note.objects.filter(pk__in=ids, language__in=TARGETS, status=Note.Status.PUBLISHED).recommendable().alive()
    filed = 0
    for note in notes:
        if queued_count() >= rules.queue_limit() // 2:  # leave room for people who are waiting
            break
        target = "en" if note.language == "zh" else "zh"
        for value in (note.title, note.body):
            text = value.replace("\r\n", "\n").strip()
            if not text or Translation.objects.filter(text_hash=text_hash(text), source=note.language, target=target,
                                                      engine=engine).exists():
                continue
            filed += request_translation(text, note.language, target, raise_errors=False) is not None
    return filed


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
