"""Reads: what a reader is shown for a note, comment or message, and which notes to translate early."""

from __future__ import annotations

from typing import Any

from . import rules
from .actions import check_target, queued_count, request_translation, settle
from .engines import TARGETS
from .models import Translation


def source_of(language: str) -> str:
    return language if language else ""


def reader_target(language_code: str) -> str:
    return "zh" if (language_code or "").lower().startswith("zh") else "en"


def translate_fields(fields: dict[str, str], source: str, target: str, engine_label: str = "") -> tuple[str, dict[str, Any]]:
    """Translations of several fields of one object (a note's title and body) as one answer."""
    from django.utils.translation import gettext as _

    from vermilion.kit.errors import ApiError

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
    from vermilion.feed.models import Trending
    from vermilion.kit.errors import ApiError
    from vermilion.notes.models import Note

    from .actions import engine_id, text_hash

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
