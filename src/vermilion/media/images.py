"""Image processing: orientation applied, metadata stripped, WebP variants for each place we show it.

Pillow only ever sees files that `sniff` recognised, and the pixel count is checked from the header
before any decoding, so a small file that inflates to gigapixels (a decompression bomb) is refused
cheaply.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from typing import IO

import pillow_heif
from PIL import Image, ImageOps, UnidentifiedImageError

pillow_heif.register_heif_opener()

# Long edge in pixels, and WebP quality. `card` is the waterfall cover (two columns on a phone at
# 3x density), `detail` the carousel, `thumb` avatars, grids and notifications.
SIZES: dict[str, tuple[int, int]] = {"thumb": (320, 78), "card": (720, 80), "detail": (1920, 82)}


class ImageRejected(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code  # "invalid_image" or "image_too_large"


@dataclass
class Variant:
    data: bytes
    width: int
    height: int


@dataclass
class ProcessedImage:
    width: int
    height: int
    variants: dict[str, Variant] = field(default_factory=dict)


def _fit(width: int, height: int, long_edge: int) -> tuple[int, int]:
    scale = min(1.0, long_edge / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def process_image(source: IO[bytes], *, max_pixels: int) -> ProcessedImage:
    """Decode once, then derive every size from the largest (each step a cheap downscale)."""
    image: Image.Image
    try:
        with warnings.catch_warnings():
            # Pillow warns above its own limit; ours is checked right below and is stricter.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(source)
        width, height = image.size
        if width * height > max_pixels:
            raise ImageRejected("image_too_large")
        if getattr(image, "n_frames", 1) > 1:
            image.seek(0)  # animated GIF/WebP: the first frame is the picture
        # JPEG can decode at 1/2, 1/4 or 1/8 scale for free; ask for just enough for `detail`.
        if image.format == "JPEG":
            image.draft("RGB", _fit(width, height, SIZES["detail"][0]))
        image = ImageOps.exif_transpose(image)
        has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
        image = image.convert("RGBA" if has_alpha else "RGB")
    except ImageRejected:
        raise
    except Image.DecompressionBombError as exc:
        raise ImageRejected("image_too_large") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ImageRejected("invalid_image") from exc

    result = ProcessedImage(width=image.width, height=image.height)
    current = image
    for name, (long_edge, quality) in sorted(SIZES.items(), key=lambda item: -item[1][0]):
        size = _fit(current.width, current.height, long_edge)
        if size != current.size:
            current = current.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
        buffer = io.BytesIO()
        # No exif/icc/xmp arguments: the variant carries pixels only (no GPS, no camera serial).
        current.save(buffer, "WEBP", quality=quality, method=4)
        result.variants[name] = Variant(buffer.getvalue(), current.width, current.height)
    return result
