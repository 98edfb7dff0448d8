"""Media endpoints: upload a photo or video, and poll a video's processing state."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from vermilion.kit.errors import not_found
from vermilion.kit.http.auth import authenticated as me
from vermilion.kit.http.auth import signed_in
from vermilion.kit.ids import parse_id

from .actions import do_set_alt_text, do_upload_media
from .models import Media
from .present import media_payload

router = Router(tags=["media"])


@router.post("/media", response={201: dict[str, Any]}, auth=signed_in)
def upload(request: HttpRequest, file: File[UploadedFile], alt_text: Form[str] = "") -> Any:
    media = do_upload_media(me(request), file, alt_text)
    return Status(201, media_payload(media))


@router.get("/media/{media_id}", response=dict[str, Any], auth=signed_in)
def detail(request: HttpRequest, media_id: str) -> Any:
    pk = parse_id(media_id)
    media = Media.objects.filter(pk=pk, owner_id=me(request).pk).first() if pk is not None else None
    if media is None:
        raise not_found()
    return media_payload(media)


class MediaPatch(Schema):
    alt_text: str = Field(max_length=2000)


@router.patch("/media/{media_id}", response=dict[str, Any], auth=signed_in)
def update(request: HttpRequest, media_id: str, payload: MediaPatch) -> Any:
    """Describe a photo for people using screen readers (the compose form's alt text field)."""
    pk = parse_id(media_id)
    media = Media.objects.filter(pk=pk, owner_id=me(request).pk).first() if pk is not None else None
    if media is None:
        raise not_found()
    return media_payload(do_set_alt_text(media, payload.alt_text))
