"""Media writes: uploads, attaching to notes and profiles, and the checks notes rely on."""

from __future__ import annotations

from pathlib import Path
from typing import IO, cast

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vermilion.kit.errors import ApiError, field_error
from vermilion.kit.events import emit
from vermilion.kit.ids import parse_id
from vermilion.kit.ratelimit import check_rate
from vermilion.kit.tasks import enqueue

from . import storage
from .events import MediaChanged
from .images import ImageRejected, process_image
from .models import Media
from .rules import file_too_large, limits, max_bytes
from .sniff import Sniffed, sniff
from .tasks import transcode_video
from .video import VideoRejected, probe

ALT_TEXT_MAX = 300


def image_error(code: str) -> ApiError:
    if code == "image_too_large":
        megapixels = limits()["max_image_pixels"] // 1_000_000
        return field_error("file", code, _("This image has too many pixels (at most %(mp)s megapixels).")
                           % {"mp": megapixels})
    return field_error("file", "invalid_image", _("This file is not an image we can read."))


def video_error(code: str) -> ApiError:
    if code == "video_too_long":
        minutes = limits()["max_video_seconds"] // 60
        return field_error("file", code, _("Videos can be at most %(minutes)s minutes long.") % {"minutes": minutes})
    return field_error("file", "invalid_video", _("This video could not be read."))


def _check_alt_text(alt_text: str) -> str:
    alt_text = (alt_text or "").strip()
    if len(alt_text) > ALT_TEXT_MAX:
        raise field_error("alt_text", "too_long",
                          _("Keep the description under %(count)s characters.") % {"count": ALT_TEXT_MAX})
    return alt_text


def do_set_alt_text(media: Media, alt_text: str) -> Media:
    media.alt_text = _check_alt_text(alt_text)
    media.save(update_fields=["alt_text"])
    emit(MediaChanged(media_id=media.pk))
    return media


def _check_upload(upload: UploadedFile, alt_text: str) -> Sniffed:
    _check_alt_text(alt_text)
    head = upload.read(32)
    upload.seek(0)
    sniffed = sniff(head)
    if sniffed is None:
        raise field_error("file", "unsupported_media", _(
            "Upload a JPEG, PNG, WebP, HEIC or GIF image, or an MP4, MOV or WebM video."), status=415)
    if (upload.size or 0) > max_bytes(sniffed.kind):
        raise file_too_large(sniffed.kind)
    return sniffed


def do_upload_media(user: AbstractBaseUser, upload: UploadedFile, alt_text: str = "") -> Media:
    """Check by content, then process an image now (it is quick) or queue a video's transcoding."""
    alt_text = (alt_text or "").strip()
    sniffed = _check_upload(upload, alt_text)
    check_rate("upload", str(user.pk))
    media = Media(owner_id=user.pk, kind=sniffed.kind, content_type=sniffed.content_type,
                  size_bytes=upload.size or 0, alt_text=alt_text)
    if sniffed.kind == Media.Kind.IMAGE:
        _store_image(media, upload, sniffed)
    else:
        _store_video(media, upload, sniffed)
    try:
        media.save(force_insert=True)
    except BaseException:
        storage.delete_files(media)
        raise
    if media.status == Media.Status.PROCESSING:
        enqueue(transcode_video, media.pk)
    return media


def _store_image(media: Media, upload: UploadedFile, sniffed: Sniffed) -> None:
    try:
        processed = process_image(cast(IO[bytes], upload.file), max_pixels=limits()["max_image_pixels"])
    except ImageRejected as exc:
        raise image_error(exc.code) from exc
    prefix = storage.variant_prefix(media.pk)
    media.width, media.height = processed.width, processed.height
    media.variants = {
        name: {"name": storage.save_public(f"{prefix}/{name}.webp", v.data), "width": v.width, "height": v.height}
        for name, v in processed.variants.items()
    }
    upload.seek(0)
    media.original_name = storage.private_storage().save(f"originals/{media.pk}.{sniffed.extension}", upload)
    media.status = Media.Status.READY


def _store_video(media: Media, upload: UploadedFile, sniffed: Sniffed) -> None:
    private = storage.private_storage()
    media.original_name = private.save(f"originals/{media.pk}.{sniffed.extension}", upload)
    try:
        meta = probe(Path(private.path(media.original_name)))
        if meta.duration > limits()["max_video_seconds"]:
            raise VideoRejected("video_too_long")
    except VideoRejected as exc:
        private.delete(media.original_name)
        raise video_error(exc.code) from exc
    media.width, media.height, media.duration = meta.width, meta.height, round(meta.duration, 2)
    media.status = Media.Status.PROCESSING


def check_media_for_note(user: AbstractBaseUser, media_ids: list[str], *, max_images: int) -> list[Media]:
    """The author's own media, in the order given: 1–`max_images` images, or exactly one video."""

    def invalid(code: str, message: str | Promise) -> ApiError:
        return field_error("media_ids", code, message)

    parsed = [parse_id(str(value)) for value in media_ids]
    pks = [pk for pk in parsed if pk is not None]
    if len(pks) != len(parsed):
        raise invalid("invalid_media", _("Upload each photo or video first, then use its id."))
    if len(set(pks)) != len(pks):
        raise invalid("invalid_media", _("The same photo is listed twice."))
    found = {m.pk: m for m in Media.objects.filter(pk__in=pks, owner_id=user.pk)}
    if len(found) != len(pks):
        raise invalid("invalid_media", _("Upload each photo or video first, then use its id."))
    media = [found[pk] for pk in pks]
    if any(m.status == Media.Status.FAILED for m in media):
        raise invalid("media_failed", _("One of these files could not be processed. Remove it and try again."))
    if any(m.kind == Media.Kind.VIDEO for m in media) and len(media) > 1:
        raise invalid("mixed_media", _("A note has either photos or one video, not both."))
    if len(media) > max_images:
        raise invalid("too_many_images", _("A note can have at most %(count)s photos.") % {"count": max_images})
    return media


def mark_attached(media: list[Media]) -> None:
    now = timezone.now()
    Media.objects.filter(pk__in=[m.pk for m in media], attached_at__isnull=True).update(attached_at=now)
    for item in media:
        item.attached_at = item.attached_at or now
