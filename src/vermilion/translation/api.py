"""/api/v1/notes/{id}/translation, /comments/{id}/translation, /messages/{id}/translation,
/translate (free text) and /me/translation: thin handlers over actions and queries.

A cached translation is answered at once (200); otherwise the work is queued and the answer is
202 with Retry-After: the client asks the same URL again. The engine never runs in a web worker.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Router, Status

from vermilion.accounts.callers import me, reader, reading_region
from vermilion.kit.errors import ApiError, field_error, not_found
from vermilion.kit.http.auth import signed_in
from vermilion.kit.ids import parse_id
from vermilion.kit.ratelimit import check_rate
from vermilion.kit.text import detect_language
from vermilion.messaging.models import Message
from vermilion.notes.queries import visible_comment, visible_note

from . import actions
from .queries import auto_translate, reader_target
from .schemas import PreferenceIn, PreferenceOut, TranslateIn, TranslationOut

router = Router(tags=["translation"])
POLL_SECONDS = 2


def _target(request: HttpRequest, target: str | None) -> str:
    return target if target is not None else reader_target(getattr(request, "LANGUAGE_CODE", "en"))


def _answer(request: HttpRequest, response: HttpResponse, status: str, payload: dict[str, Any]) -> Status:
    if status == "pending":
        response["Retry-After"] = str(POLL_SECONDS)
        return Status(202, {**payload, "retry_after": POLL_SECONDS, "poll": request.get_full_path()})
    return Status(200, payload)


def _fields(request: HttpRequest, response: HttpResponse, fields: dict[str, str], language: str,
            target: str | None) -> Status:
    if not any(value.strip() for value in fields.values()):
        raise ApiError("empty_text", _("There is no text to translate."), status=400)
    for name, value in fields.items():
        if value.strip():
            actions.check_text(value, name)
    status, payload = actions.translate_fields(fields, language, _target(request, target))
    return _answer(request, response, status, payload)


@router.get("/notes/{note_id}/translation", response={200: TranslationOut, 202: TranslationOut}, auth=None)
def note_translation(request: HttpRequest, response: HttpResponse, note_id: str, target: str | None = None) -> Status:
    who = reader(request)
    note = visible_note(who, note_id, reading_region(request, who), related=False)
    return _fields(request, response, {"title": note.title, "body": note.body}, note.language, target)


@router.get("/comments/{comment_id}/translation", response={200: TranslationOut, 202: TranslationOut}, auth=None)
def comment_translation(request: HttpRequest, response: HttpResponse, comment_id: str,
                        target: str | None = None) -> Status:
    who = reader(request)
    comment = visible_comment(who, comment_id, reading_region(request, who))
    return _fields(request, response, {"body": comment.body}, comment.language, target)


@router.get("/messages/{message_id}/translation", response={200: TranslationOut, 202: TranslationOut}, auth=signed_in)
def message_translation(request: HttpRequest, response: HttpResponse, message_id: str,
                        target: str | None = None) -> Status:
    pk = parse_id(message_id)
    message = Message.objects.visible_to(me(request)).filter(pk=pk).first() if pk else None
    if message is None:
        raise not_found()
    return _fields(request, response, {"body": message.body}, message.language, target)


@router.post("/translate", response={200: TranslationOut, 202: TranslationOut}, auth=signed_in)
def translate_free_text(request: HttpRequest, response: HttpResponse, payload: TranslateIn) -> Status:
    """Free text. Rate limited per person; repeat the same request to poll."""
    check_rate("translate", str(me(request).pk))
    target = actions.check_target(payload.target)
    text = actions.check_text(payload.text)
    source = payload.source if payload.source is not None else detect_language(text)
    if not re.fullmatch(r"[a-z]{2,3}", source or ""):
        raise field_error("source", "unsupported_language", _("The source language is not one we know."))
    status, out = actions.translate_fields({"text": text}, source, target)
    return _answer(request, response, status, out)


@router.get("/me/translation", response=PreferenceOut, auth=signed_in)
def get_preference(request: HttpRequest) -> dict[str, bool]:
    return {"auto_translate": auto_translate(me(request))}


@router.put("/me/translation", response=PreferenceOut, auth=signed_in)
def put_preference(request: HttpRequest, payload: PreferenceIn) -> dict[str, bool]:
    return {"auto_translate": actions.do_set_auto_translate(me(request), payload.auto_translate)}
