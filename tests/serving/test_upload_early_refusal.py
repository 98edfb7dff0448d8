"""A photo over the photo limit is refused from its announced length and its first bytes, before the
body streams in (serving/bodylimit.py): a 31 MB photo used to upload for seconds before the view
said it was too large. Videos keep their larger limit; the words are the upload view's own."""

from __future__ import annotations

from typing import Any

import pytest

from vermilion.serving import bodylimit

from .test_body_limit import _send  # one POST through the site's ASGI stack

pytestmark = pytest.mark.django_db(transaction=True)

BOUNDARY = "----vermilion-upload-test"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"
MB = 1024 * 1024


def head(magic: bytes, *, declared: str = "image/jpeg", alt_text_first: bool = True) -> bytes:
    """The start of a multipart upload as a browser sends it, up to the first bytes of the file."""
    alt = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="alt_text"\r\n\r\nmy cat\r\n'.encode()
    file_part = (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="IMG_0001.jpg"\r\n'
                 f"Content-Type: {declared}\r\n\r\n").encode() + magic
    return (alt if alt_text_first else b"") + file_part


def upload(first: bytes, *, announced: int | None, total: int, language: str = "en") -> tuple[int, Any, int]:
    """(status, body, bytes the application took in) of one upload through the site's ASGI stack. The
    body is `first` then zeros up to `total` bytes, in 1 MB chunks (one bytes object, reused)."""
    filler = bytes(MB)
    chunks = [first] + [filler] * ((total - len(first)) // MB)
    chunks.append(bytes((total - len(first)) % MB))
    return _send("/api/v1/media", announced=announced, chunks=chunks, language=language,
                 content_type=f"multipart/form-data; boundary={BOUNDARY}")


@pytest.fixture
def small_limits(settings: Any) -> dict[str, int]:
    """A 1 MB photo limit and a 4 MB video limit, so a test need not stream hundreds of megabytes."""
    settings.VERMILION_MEDIA = {**settings.VERMILION_MEDIA, "max_image_bytes": 1 * MB, "max_video_bytes": 4 * MB}
    return dict(settings.VERMILION_MEDIA)


def test_a_31_mb_photo_is_refused_after_its_first_chunk_in_the_readers_language(settings: Any) -> None:
    size = 31 * MB
    assert settings.VERMILION_MEDIA["max_image_bytes"] < size < settings.VERMILION_MEDIA["max_video_bytes"]
    status, body, pulled = upload(head(JPEG), announced=size, total=size, language="zh-hans")
    assert status == 413
    assert body["error"]["code"] == "file_too_large" and list(body["error"]["fields"]) == ["file"]
    assert "30 MB" in body["error"]["message"] and any("\u4e00" <= ch <= "\u9fff" for ch in body["error"]["message"])
    assert pulled < bodylimit.PEEK_BYTES + MB  # the first chunk, not the 31 MB


def test_the_file_is_judged_by_its_bytes_not_by_its_declared_type(small_limits: dict[str, int]) -> None:
    status, body, pulled = upload(head(JPEG, declared="video/mp4", alt_text_first=False), announced=3 * MB, total=3 * MB)
    assert status == 413 and body["error"]["code"] == "file_too_large" and pulled <= MB


def test_a_video_of_the_same_size_goes_through_to_the_upload_view(small_limits: dict[str, int]) -> None:
    status, body, pulled = upload(head(MP4, declared="video/mp4"), announced=3 * MB, total=3 * MB)
    assert status == 401 and body["error"]["code"] == "not_authenticated"  # the view answered: no sign-in
    assert pulled == 3 * MB


def test_a_video_over_the_video_limit_is_refused_at_once_too(small_limits: dict[str, int]) -> None:
    size = 4 * MB + bodylimit.KIND_ENVELOPE_BYTES + 1
    status, body, pulled = upload(head(MP4, declared="video/mp4"), announced=size, total=size)
    assert status == 413 and body["error"]["code"] == "file_too_large" and "4 MB" in body["error"]["message"]
    assert pulled <= MB


def test_a_photo_within_its_limit_goes_through(small_limits: dict[str, int]) -> None:
    size = MB // 2
    status, body, pulled = upload(head(JPEG), announced=size, total=size)
    assert status == 401 and body["error"]["code"] == "not_authenticated" and pulled == size


def test_a_photo_sent_without_a_length_is_cut_off_at_the_photo_limit(small_limits: dict[str, int]) -> None:
    status, body, pulled = upload(head(JPEG), announced=None, total=3 * MB)
    assert status == 413 and body["error"]["code"] == "file_too_large"
    assert pulled <= MB + bodylimit.KIND_ENVELOPE_BYTES + MB  # stopped within a chunk of the photo limit


def test_what_cannot_be_judged_keeps_the_largest_limit(small_limits: dict[str, int]) -> None:
    unknown = head(b"NOT A KNOWN FORMAT AT ALL", declared="image/jpeg")
    status, _body, pulled = upload(unknown, announced=3 * MB, total=3 * MB)
    assert status == 401 and pulled == 3 * MB  # the upload view decides (and answers 415 when signed in)


@pytest.mark.parametrize(("content_type", "body", "kind"), [
    (f"multipart/form-data; boundary={BOUNDARY}", head(JPEG), "image"),
    (f'multipart/form-data; boundary="{BOUNDARY}"', head(MP4), "video"),
    (f"multipart/form-data; boundary={BOUNDARY}", head(JPEG)[:40], None),  # the file part has not begun
    (f"multipart/form-data; boundary={BOUNDARY}", head(JPEG).replace(b'name="file"', b'name="other"'), None),
    ("application/json", head(JPEG), None),
    (f"multipart/form-data; boundary={BOUNDARY}", head(JPEG[:5]), None),  # too few bytes to judge
])
def test_upload_kind(content_type: str, body: bytes, kind: str | None) -> None:
    assert bodylimit.upload_kind(content_type, body) == kind


def test_a_file_name_containing_name_file_is_not_the_file_part() -> None:
    tricky = (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="alt_text"; filename="file"\r\n\r\n'.encode()
              + JPEG + f"\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp4\"\r\n\r\n".encode()
              + MP4)
    assert bodylimit.upload_kind(f"multipart/form-data; boundary={BOUNDARY}", tricky) == "video"
