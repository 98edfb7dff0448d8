"""Media background work: video transcoding and removal of uploads nobody used."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from django.db import transaction
from django_tasks import task

from vermilion.kit.events import emit

from . import storage
from .events import MediaProcessed
from .images import ImageRejected, process_image
from .models import Media
from .queries import unused_media_before
from .rules import limits
from .video import VideoRejected, probe, transcode

log = logging.getLogger(__name__)


@task()
def transcode_video(media_id: int) -> None:
    media = Media.objects.filter(pk=media_id, status=Media.Status.PROCESSING).first()
    if media is None:
        return  # already done by an earlier run of this task, or deleted
    source = Path(storage.private_storage().path(media.original_name))
    prefix = storage.variant_prefix(media.pk)
    variants: dict[str, dict[str, object]] = {}
    failure = ""
    # ffmpeg runs outside any transaction: holding a database lock for minutes would stall writers.
    with tempfile.TemporaryDirectory(prefix="vermilion-video-") as tmp:
        target, poster = Path(tmp) / "video.mp4", Path(tmp) / "poster.jpg"
        try:
            meta = probe(source)
            if meta.duration > limits()["max_video_seconds"]:
                raise VideoRejected("video_too_long")
            transcode(source, target, poster, meta)
            with poster.open("rb") as poster_file:
                frames = process_image(poster_file, max_pixels=limits()["max_image_pixels"])
            out = probe(target)
            variants["video"] = {"name": storage.save_public(f"{prefix}/video.mp4", target.read_bytes()),
                                 "width": out.width, "height": out.height}
            for name, variant in frames.variants.items():
                variants[name] = {"name": storage.save_public(f"{prefix}/{name}.webp", variant.data),
                                  "width": variant.width, "height": variant.height}
        except (VideoRejected, ImageRejected) as exc:
            log.warning("video %s failed: %s", media_id, exc)
            failure = "video_too_long" if exc.code == "video_too_long" else "invalid_video"
    _finish(media_id, variants, failure)


def _finish(media_id: int, variants: dict[str, dict[str, object]], failure: str) -> None:
    with transaction.atomic():
        media = Media.objects.select_for_update().filter(pk=media_id, status=Media.Status.PROCESSING).first()
        if media is None:
            storage.delete_files(Media(variants=variants))
            return
        if failure:
            media.status, media.failure_reason = Media.Status.FAILED, failure
        else:
            media.status, media.variants = Media.Status.READY, variants
            video = variants["video"]
            media.width, media.height = int(str(video["width"])), int(str(video["height"]))
        media.save(update_fields=["status", "failure_reason", "variants", "width", "height"])
        emit(MediaProcessed(media_id=media.pk, ready=not failure))


@task()
def cleanup_unused_media() -> int:
    """Delete uploads that no note or profile took up within the time limit (default a day)."""
    removed = 0
    for media in unused_media_before().iterator():
        with transaction.atomic():
            locked = unused_media_before().select_for_update().filter(pk=media.pk).first()
            if locked is None:
                continue  # attached meanwhile
            locked.delete()
            transaction.on_commit(lambda m=locked: storage.delete_files(m))  # type: ignore[misc]
            removed += 1
    return removed
