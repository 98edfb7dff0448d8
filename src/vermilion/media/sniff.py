"""What a file is, judged by its first bytes: never by its name or the client's Content-Type."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sniffed:
    kind: str  # "image" or "video"
    content_type: str
    extension: str


_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif"}
_MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash", b"3gp4",
               b"3gp5", b"3g2a", b"MSNV", b"M4A "}


def sniff(head: bytes) -> Sniffed | None:
    """Recognise the formats we accept from the first 32 bytes, or return None."""
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("image", "image/jpeg", "jpg")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("image", "image/png", "png")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return Sniffed("image", "image/gif", "gif")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("image", "image/webp", "webp")
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return Sniffed("video", "video/webm", "webm")
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _HEIF_BRANDS:
            content_type = "image/avif" if brand == b"avif" else "image/heic"
            return Sniffed("image", content_type, "avif" if brand == b"avif" else "heic")
        if brand == b"qt  ":
            return Sniffed("video", "video/quicktime", "mov")
        if brand in _MP4_BRANDS:
            return Sniffed("video", "video/mp4", "mp4")
    return None
