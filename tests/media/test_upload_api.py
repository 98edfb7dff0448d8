"""The media pipeline end to end through the API, with real files made in the test."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from django.core.files.storage import default_storage, storages
from django.test import override_settings
from PIL import Image

from vermilion.media.models import Media

pytestmark = pytest.mark.django_db(transaction=True)

UPLOAD = "/api/v1/media"


def jpeg_with_exif(width: int = 400, height: int = 200, orientation: int = 6) -> bytes:
    image = Image.new("RGB", (width, height), "orange")
    image.paste((0, 0, 255), (0, 0, width // 2, height))  # left half blue: shows the rotation
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (23.0, 7.0, 30.0), "E", (113.0, 15.0, 0.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def encoded(image: Image.Image, fmt: str, **kw: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **kw)
    return buffer.getvalue()


def upload(api, data: bytes, name: str = "photo.jpg", **extra):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return api.upload(UPLOAD, {"file": SimpleUploadedFile(name, data), **extra})


@pytest.fixture
def api(make_user, client_for):  # type: ignore[no-untyped-def]
    return client_for(make_user("uploader"))


def stored_files() -> set[str]:
    found: set[str] = set()
    for storage in (default_storage, storages["private"]):
        root = Path(storage.location)  # type: ignore[attr-defined]
        if root.exists():
            found |= {str(p) for p in root.rglob("*") if p.is_file()}
    return found


def test_jpeg_is_rotated_and_stripped_of_metadata(api):
    response = upload(api, jpeg_with_exif())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "image" and body["status"] == "ready"
    assert (body["width"], body["height"]) == (200, 400)  # orientation 6 turned it upright
    assert set(body["urls"]) == {"thumb", "card", "detail"}
    assert "original" not in body and "private" not in str(body)
    media = Media.objects.get()
    for variant in media.variants.values():
        with default_storage.open(variant["name"]) as handle:
            data = handle.read()
        picture = Image.open(io.BytesIO(data))
        assert picture.format == "WEBP"
        assert picture.height > picture.width
        assert not picture.getexif() and b"PhoneMaker" not in data and b"Exif" not in data
        assert "exif" not in picture.info and "xmp" not in picture.info
    # The original is kept privately, with its metadata, and is not under the public media root.
    assert storages["private"].exists(media.original_name)
    assert not default_storage.exists(media.original_name)


def test_variants_are_served_and_sized(api, client):
    body = upload(api, encoded(Image.new("RGB", (3000, 1500), "green"), "JPEG")).json()
    served = client.get(body["urls"]["card"])
    assert served.status_code == 200
    card = Image.open(io.BytesIO(b"".join(served.streaming_content)))
    assert max(card.size) == 720
    assert Media.objects.get().variants["detail"]["width"] == 1920


@pytest.mark.parametrize(
    ("fmt", "mode", "kwargs"),
    [("PNG", "RGBA", {}), ("WEBP", "RGB", {}), ("GIF", "P", {})],
)
def test_other_formats(api, fmt, mode, kwargs):
    image = Image.new(mode, (120, 80))
    response = upload(api, encoded(image, fmt, **kwargs), name="picture.bin")  # the name does not matter
    assert response.status_code == 201, response.content
    assert (response.json()["width"], response.json()["height"]) == (120, 80)


def test_animated_gif_keeps_its_first_frame(api):
    frames = [Image.new("RGB", (60, 40), colour) for colour in ("red", "blue", "green")]
    data = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    assert upload(api, data).status_code == 201
    variant = Media.objects.get().variants["thumb"]["name"]
    with default_storage.open(variant) as handle:
        picture = Image.open(handle).convert("RGB")
        red, green, blue = picture.getpixel((30, 20))  # type: ignore[misc]
    assert red > 200 and green < 60 and blue < 60


def test_heic_is_accepted(api):
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    try:
        data = encoded(Image.new("RGB", (64, 48), "purple"), "HEIF")
    except (KeyError, OSError) as exc:  # libheif built without an encoder
        pytest.skip(f"cannot write HEIF here: {exc}")
    response = upload(api, data, name="IMG_0001.HEIC")
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        (b"", 415, "unsupported_media"),
        (b"%PDF-1.7\n1 0 obj <<>> endobj\n", 415, "unsupported_media"),
        (b"just some text pretending to be a photo", 415, "unsupported_media"),
        (jpeg_with_exif()[:200], 400, "invalid_image"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, 400, "invalid_image"),
    ],
    ids=["zero-byte", "pdf", "text", "truncated-jpeg", "broken-png"],
)
def test_bad_files_are_refused_and_leave_nothing(api, data, status, code):
    before = stored_files()
    response = upload(api, data, name="photo.jpg")
    assert response.status_code == status, response.content
    assert response.json()["error"]["code"] == code
    assert "file" in response.json()["error"]["fields"]
    assert Media.objects.count() == 0
    assert stored_files() == before


def test_pixel_bomb_is_refused(api):
    # 12,000 x 12,000 pixels of one colour compress to a few hundred KB.
    bomb = encoded(Image.new("L", (12000, 12000)), "PNG", optimize=True)
    with override_settings(VERMILION_MEDIA={**_limits(), "max_image_pixels": 50_000_000}):
        response = upload(api, bomb)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "image_too_large"
    assert Media.objects.count() == 0


def test_oversize_file_is_413(api):
    with override_settings(VERMILION_MEDIA={**_limits(), "max_image_bytes": 1000}):
        response = upload(api, jpeg_with_exif())
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "file_too_large"
    assert Media.objects.count() == 0


def test_errors_speak_the_callers_language(api):
    response = api.upload(UPLOAD, {"file": _file(b"hello")}, headers={"Accept-Language": "zh-CN"})
    assert response.status_code == 415
    assert "上传" in response.json()["error"]["message"]


def test_missing_file_long_alt_text_and_anonymous(api, anon):
    assert api.upload(UPLOAD, {}).status_code == 400
    long_alt = upload(api, jpeg_with_exif(), alt_text="x" * 301)
    assert long_alt.status_code == 400 and long_alt.json()["error"]["code"] == "too_long"
    assert anon.upload(UPLOAD, {"file": _file(jpeg_with_exif())}).status_code == 401
    assert Media.objects.count() == 0


@pytest.mark.redis
def test_upload_rate_limit(api):
    with override_settings(VERMILION_RATE_LIMITS={"signup": (9, 60), "login": (9, 60), "upload": (2, 3600)}):
        codes = [upload(api, jpeg_with_exif()).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert Media.objects.count() == 2


def test_media_belong_to_their_uploader(api, make_user, client_for):
    mine = upload(api, jpeg_with_exif()).json()
    other = client_for(make_user("someone"))
    assert other.get(f"{UPLOAD}/{mine['id']}").status_code == 404
    response = other.post("/api/v1/notes", {"title": "stolen", "body": "not mine", "media_ids": [mine["id"]]})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_media"
    assert api.get(f"{UPLOAD}/{mine['id']}").json()["status"] == "ready"


# --- video -----------------------------------------------------------------------------------


def make_video(tmp_path: Path, seconds: int = 2, name: str = "clip.mp4") -> bytes:
    target = tmp_path / name
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y",
         "-f", "lavfi", "-i", f"testsrc=duration={seconds}:size=320x240:rate=10",
         "-f", "lavfi", "-i", f"sine=duration={seconds}",
         "-c:v", "mpeg4", "-c:a", "aac", "-shortest", str(target)],
        check=True, capture_output=True, timeout=60,
    )
    return target.read_bytes()


def test_video_is_transcoded_and_its_note_publishes(api, tmp_path):
    response = upload(api, make_video(tmp_path), name="clip.mp4")
    assert response.status_code == 201, response.content
    media_id = response.json()["id"]
    # The worker ran on commit (immediate backend in tests): H.264/AAC MP4 plus poster sizes.
    body = api.get(f"{UPLOAD}/{media_id}").json()
    assert body["status"] == "ready", body
    assert set(body["urls"]) == {"video", "thumb", "card", "detail"}
    assert 1.5 < body["duration"] < 2.5
    media = Media.objects.get()
    path = default_storage.path(media.variants["video"]["name"])
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", path],
                           capture_output=True, text=True, check=True).stdout.split()
    assert probe == ["h264", "aac"]
    note = api.post("/api/v1/notes", {"title": "a clip", "body": "moving pictures", "media_ids": [media_id]})
    assert note.status_code == 201
    assert note.json()["status"] == "published"
    assert note.json()["kind"] == "video"


@pytest.fixture
def queued(monkeypatch):  # type: ignore[no-untyped-def]
    """Keep transcoding queued (as a busy worker would) instead of running it on commit."""
    held: list[tuple[object, tuple[object, ...]]] = []
    monkeypatch.setattr("vermilion.media.actions.enqueue", lambda task, *args: held.append((task, args)))
    return held


def test_note_waits_for_its_video(api, tmp_path, queued):
    from vermilion.media.tasks import transcode_video

    media_id = upload(api, make_video(tmp_path), name="clip.mov").json()["id"]
    assert queued == [(transcode_video, (int(media_id),))]
    assert Media.objects.get().status == "processing"
    note = api.post("/api/v1/notes", {"title": "wait", "body": "for it", "media_ids": [media_id]}).json()
    assert note["status"] == "processing"
    transcode_video.call(int(media_id))
    assert api.get(f"/api/v1/notes/{note['id']}").json()["status"] == "published"


def test_video_that_ffmpeg_cannot_decode(api):
    garbage = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 2000
    response = upload(api, garbage, name="clip.mp4")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_video"
    assert Media.objects.count() == 0


def test_video_over_the_duration_limit(api, tmp_path):
    with override_settings(VERMILION_MEDIA={**_limits(), "max_video_seconds": 1}):
        response = upload(api, make_video(tmp_path, seconds=3), name="long.mp4")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "video_too_long"
    assert Media.objects.count() == 0


def test_failed_transcode_fails_the_note_with_a_reason(api, tmp_path, queued):
    from vermilion.media.tasks import transcode_video

    media_id = upload(api, make_video(tmp_path), name="clip.mp4").json()["id"]
    note = api.post("/api/v1/notes", {"title": "doomed", "body": "video", "media_ids": [media_id]}).json()
    media = Media.objects.get()
    # The original got corrupted on disk before the worker reached it.
    with storages["private"].open(media.original_name, "wb") as handle:
        handle.write(b"\x00" * 100)
    transcode_video.call(int(media_id))
    media.refresh_from_db()
    assert media.status == "failed" and media.failure_reason == "invalid_video"
    detail = api.get(f"/api/v1/notes/{note['id']}").json()
    assert detail["status"] == "failed"
    assert detail["failure_reason"]


def test_mixed_media_and_too_many_images(api, tmp_path, ready_image):
    user = api.user
    video = upload(api, make_video(tmp_path), name="clip.mp4").json()["id"]
    image = str(ready_image(user).pk)
    mixed = api.post("/api/v1/notes", {"title": "mix", "body": "both", "media_ids": [image, video]})
    assert mixed.status_code == 400 and mixed.json()["error"]["code"] == "mixed_media"
    many = [str(ready_image(user).pk) for _ in range(19)]
    too_many = api.post("/api/v1/notes", {"title": "many", "body": "photos", "media_ids": many})
    assert too_many.status_code == 400 and too_many.json()["error"]["code"] == "too_many_images"


def _limits() -> dict[str, int]:
    from django.conf import settings

    return dict(settings.VERMILION_MEDIA)


def _file(data: bytes):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("f.jpg", data)


def test_alt_text_can_be_set_after_upload(api, make_user, client_for):
    media_id = upload(api, jpeg_with_exif()).json()["id"]
    response = api.patch(f"{UPLOAD}/{media_id}", {"alt_text": "  A tabby cat looking at the camera "})
    assert response.status_code == 200
    assert response.json()["alt_text"] == "A tabby cat looking at the camera"
    too_long = api.patch(f"{UPLOAD}/{media_id}", {"alt_text": "x" * 301})
    assert too_long.status_code == 400 and too_long.json()["error"]["code"] == "too_long"
    assert Media.objects.get().alt_text == "A tabby cat looking at the camera"
    assert client_for(make_user("other")).patch(f"{UPLOAD}/{media_id}", {"alt_text": "mine now"}).status_code == 404
