"""Pictures for the demo, made at load time from the photos installed packages ship.

A handful of real photos (scikit-image's sample data, scikit-learn's two sample photos) would
repeat across 150 notes, so every picture is its own: a region of the photo (named, such as the
cat's face, or chosen by the note's seed), a slightly different frame and aspect, sometimes a
mirror image, and one of several colour treatments (warm, cool, faded, film, black and white…).
Many RedNote posts open with the title drawn on a card, so a "cover" is that: the note's title on
a theme's colours, set in the system's CJK font when there is one (a pattern without text when
there is none). Everything is deterministic for a given seed and nothing is written to the tree.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import random
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageColor, ImageDraw, ImageEnhance, ImageFilter, ImageFont, ImageOps

# About the size of the photos themselves: enlarging them adds bytes (and processing time), not detail.
LONG_SIDE = 480
COVER_SIZE = (420, 560)
AVATAR_SIDE = 256

# Regions of the base photos worth a picture of their own: (left, top, right, bottom) as fractions.
REGIONS: dict[str, dict[str, tuple[float, float, float, float]]] = {
    "chelsea": {"face": (0.12, 0.0, 0.85, 1.0), "eyes": (0.2, 0.15, 0.8, 0.6), "nose": (0.4, 0.35, 0.75, 0.95),
                "ear": (0.0, 0.0, 0.5, 0.55), "whiskers": (0.3, 0.4, 0.95, 1.0), "belly": (0.1, 0.5, 0.85, 1.0),
                "left": (0.0, 0.0, 0.55, 1.0), "right": (0.45, 0.0, 1.0, 1.0), "top": (0.1, 0.0, 0.9, 0.6)},
    "coffee": {"cup": (0.35, 0.0, 0.85, 0.75), "saucer": (0.3, 0.15, 0.95, 0.95), "top": (0.45, 0.0, 0.78, 0.45),
               "foam": (0.5, 0.03, 0.74, 0.38), "rim": (0.05, 0.0, 0.6, 0.85)},
    "rocket": {"top": (0.35, 0.0, 0.75, 0.6), "plume": (0.2, 0.5, 0.9, 1.0)},
    "astronaut": {"face": (0.3, 0.05, 0.65, 0.45)},
    "hubble_deep_field": {"zoom": (0.33, 0.33, 0.67, 0.67)},
    "china": {"roof": (0.05, 0.05, 0.5, 0.6), "sky": (0.4, 0.0, 1.0, 0.6), "eaves": (0.1, 0.2, 0.45, 0.75)},
    "flower": {"center": (0.3, 0.1, 0.7, 0.8), "petal": (0.35, 0.2, 0.6, 0.55)},
    "colorwheel": {"center": (0.25, 0.25, 0.75, 0.75), "edge": (0.0, 0.0, 0.6, 0.6)},
    "camera": {"lens": (0.4, 0.05, 0.8, 0.5)},
    "page": {"margin": (0.0, 0.0, 0.6, 1.0)},
    "grass": {"path": (0.0, 0.3, 1.0, 1.0), "patch": (0.2, 0.2, 0.8, 0.8)},
    "brick": {"wall": (0.0, 0.0, 1.0, 0.7), "corner": (0.3, 0.3, 1.0, 1.0)},
    "immunohistochemistry": {"swirl": (0.2, 0.2, 0.8, 0.8)},
    "motorcycle": {"tank": (0.25, 0.3, 0.75, 0.8)},
    "gravel": {}, "coins": {}, "text": {}, "moon": {},
}
# Instead of a region, a spec may name a look: the whole photo, mirrored or in those colours.
LOOKS = frozenset({"flip", "warm", "cool", "bw", "film", "faded", "vivid"})
# Photos that are grey to begin with are tinted rather than given colour treatments.
GREY = frozenset({"camera", "moon", "page", "text", "brick", "grass", "gravel", "coins"})

# Background and ink colours of each theme's covers (RedNote's soft pastels and a strong accent).
PALETTES: dict[str, tuple[tuple[str, str], ...]] = {
    "cats": (("#fde8d7", "#a14a1b"), ("#fff4c9", "#7a4b00"), ("#e9e4ff", "#4a3a9a"), ("#ffe1ea", "#a3264e")),
    "food": (("#ffe3d3", "#c0392b"), ("#fff0c2", "#8a4b08"), ("#fbe4e4", "#b8141c"), ("#e8f5df", "#3f6b1f")),
    "walks": (("#e3efe6", "#2f5d45"), ("#e4edf7", "#284b73"), ("#f4ecdf", "#6e4f2a"), ("#eae6f5", "#4b3f7a")),
    "language": (("#e6f1ff", "#1f4e8c"), ("#fff1e0", "#b0500f"), ("#f0e9ff", "#5b3aa6"), ("#e7f7ef", "#1d6b47")),
    "study": (("#f5f1e6", "#3c3c3c"), ("#e9f0f7", "#27476e"), ("#fdf3d9", "#7a5a00"), ("#efe9e4", "#5a3e2b")),
    "travel": (("#dff3f7", "#0f5f73"), ("#fff0dc", "#b25b00"), ("#e6ecff", "#2b3f99"), ("#f3e8f7", "#6b2a80")),
    "crafts": (("#f7e9e1", "#8c3b2b"), ("#e5f2ec", "#2e6b55"), ("#f4eefb", "#5d3f8f"), ("#fff5d6", "#8a6500")),
}
# The theme's photos drawn small on a cover, so a text card still says what the note is about.
THEME_PHOTOS: dict[str, tuple[str, ...]] = {
    "cats": ("chelsea", "chelsea:face", "chelsea:eyes"), "food": ("coffee", "coffee:cup", "coffee:foam"),
    "walks": ("china", "brick", "grass", "gravel"), "language": ("colorwheel", "page", "text"),
    "study": ("page", "text", "coins"), "travel": ("hubble_deep_field", "china", "rocket", "moon", "motorcycle"),
    "crafts": ("flower", "colorwheel", "immunohistochemistry", "camera")}

_FONT_FILES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
               "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")


def seed_of(*parts: object) -> int:
    return int.from_bytes(hashlib.sha256("|".join(map(str, parts)).encode()).digest()[:8], "big")


# Where each base photo lies inside its package (read as files: importing scikit-learn or
# scikit-image only to read a picture would cost seconds).
FILES = {"chelsea": ("skimage", "data/chelsea.png"), "coffee": ("skimage", "data/coffee.png"),
         "rocket": ("skimage", "data/rocket.jpg"), "astronaut": ("skimage", "data/astronaut.png"),
         "hubble_deep_field": ("skimage", "data/hubble_deep_field.jpg"), "colorwheel": ("skimage", "data/color.png"),
         "camera": ("skimage", "data/camera.png"), "page": ("skimage", "data/page.png"),
         "grass": ("skimage", "data/grass.png"), "brick": ("skimage", "data/brick.png"),
         "immunohistochemistry": ("skimage", "data/ihc.png"), "motorcycle": ("skimage", "data/motorcycle_left.png"),
         "gravel": ("skimage", "data/gravel.png"), "coins": ("skimage", "data/coins.png"),
         "text": ("skimage", "data/text.png"), "moon": ("skimage", "data/moon.png"),
         "china": ("sklearn", "datasets/images/china.jpg"), "flower": ("sklearn", "datasets/images/flower.jpg")}


def _package_file(package: str, relative: str) -> Path | None:
    spec = importlib.util.find_spec(package)  # finds the package without importing it
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / relative
        if path.is_file():
            return path
    return None


@lru_cache(maxsize=32)
def _base(name: str) -> Image.Image:
    """A base photo as RGB; raises if the installed packages do not ship it."""
    package, relative = FILES[name]
    path = _package_file(package, relative)
    if path is None:
        raise FileNotFoundError(f"{package} does not ship {relative}")
    with Image.open(path) as image:
        return image.convert("RGB")


@lru_cache(maxsize=1)
def available() -> tuple[str, ...]:
    """The base photos this installation can load (some of scikit-image's need a download: skipped).

    Every lifestyle photo the packages ship; their medical, test-pattern and silhouette samples
    (retina, cells, chessboard, the horse) are left out."""
    found = []
    for name in FILES:
        try:
            _base(name)
        except (OSError, ValueError):  # a package without that file: the others will do
            continue
        found.append(name)
    return tuple(found)


def _box(image: Image.Image, region: tuple[float, float, float, float], aspect: float,
         rng: random.Random) -> tuple[int, int, int, int]:
    """The largest box of `aspect` (width / height) inside the region, nudged a little by rng."""
    w, h = image.size
    left, top, right, bottom = region[0] * w, region[1] * h, region[2] * w, region[3] * h
    rw, rh = right - left, bottom - top
    if rw / rh > aspect:
        bw, bh = rh * aspect, rh
    else:
        bw, bh = rw, rw / aspect
    scale = rng.uniform(0.82, 1.0)
    bw, bh = bw * scale, bh * scale
    x = left + rng.uniform(0, rw - bw)
    y = top + rng.uniform(0, rh - bh)
    return int(x), int(y), int(x + bw), int(y + bh)


def _region(name: str, region: str, rng: random.Random) -> tuple[float, float, float, float]:
    known = REGIONS.get(name, {})
    if region in known:
        return known[region]
    # Any other region name (or none): a seeded part of the photo, at least half of each side.
    width, height = rng.uniform(0.55, 1.0), rng.uniform(0.55, 1.0)
    left, top = rng.uniform(0, 1 - width), rng.uniform(0, 1 - height)
    return left, top, left + width, top + height


def _tone(image: Image.Image, look: str, rng: random.Random) -> Image.Image:
    if look == "warm":
        r, g, b = image.split()
        return Image.merge("RGB", (r.point(lambda v: min(255, int(v * 1.08 + 6))), g, b.point(lambda v: int(v * 0.88))))
    if look == "cool":
        r, g, b = image.split()
        return Image.merge("RGB", (r.point(lambda v: int(v * 0.9)), g, b.point(lambda v: min(255, int(v * 1.08 + 8)))))
    if look == "bw":
        return ImageOps.grayscale(image).convert("RGB")
    if look == "faded":
        faded = ImageEnhance.Contrast(image).enhance(0.78)
        return faded.point(lambda v: int(30 + v * 0.86))
    if look == "vivid":
        return ImageEnhance.Contrast(ImageEnhance.Color(image).enhance(1.35)).enhance(1.08)
    if look == "film":
        # Teal shadows, warm highlights and a little grain: the look people add to phone photos.
        r, g, b = image.split()
        image = Image.merge("RGB", (r.point(lambda v: int(v * 0.92 + 20 * (v / 255) ** 2 * 1.0)),
                                    g.point(lambda v: int(v * 0.96 + 6)),
                                    b.point(lambda v: int(v * 0.9 + 22 * (1 - v / 255)))))
        noise = np.random.default_rng(rng.getrandbits(32)).normal(0, 7, (image.height, image.width, 1))
        return Image.fromarray(np.clip(np.asarray(image, dtype=np.float32) + noise, 0, 255).astype(np.uint8))
    if look == "tint":
        ink = rng.choice(((112, 66, 20), (40, 70, 110), (70, 90, 60), (120, 40, 60)))
        return ImageOps.colorize(ImageOps.grayscale(image), black=ink, white=(250, 244, 232)).convert("RGB")
    if look == "soft":
        return ImageEnhance.Brightness(image.filter(ImageFilter.GaussianBlur(0.8))).enhance(1.06)
    return image


def _vignette(image: Image.Image, strength: float) -> Image.Image:
    w, h = image.size
    y, x = np.linspace(-1, 1, h)[:, None], np.linspace(-1, 1, w)[None, :]
    mask = np.clip(1 - strength * (x ** 2 + y ** 2) / 2, 0, 1)[..., None]
    return Image.fromarray((np.asarray(image, dtype=np.float32) * mask).astype(np.uint8))


def _fit(image: Image.Image, long_side: int) -> Image.Image:
    scale = long_side / max(image.size)
    return image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))), Image.Resampling.BICUBIC)


def photo(spec: str, seed: int) -> Image.Image:
    """`spec` is "name" or "name:region"; the seed picks the frame, aspect, mirror and colours."""
    rng = random.Random(seed)
    name, _, region = spec.partition(":")
    if name not in available():
        name = rng.choice(available())
    base = _base(name)
    aspect = rng.choice((3 / 4, 3 / 4, 3 / 4, 1.0, 4 / 3))
    picture = base.crop(_box(base, _region(name, region, rng), aspect, rng))
    if region == "flip" or rng.random() < 0.3:
        picture = ImageOps.mirror(picture)
    if region in LOOKS - {"flip"}:
        look = region
    elif name in GREY:
        look = rng.choice(("tint", "tint", "faded", "film"))
    else:
        look = rng.choice(("none", "warm", "cool", "faded", "vivid", "film", "soft", "bw"))
    picture = _tone(_fit(picture, LONG_SIDE), look, rng)
    if rng.random() < 0.35:
        picture = _vignette(picture, rng.uniform(0.25, 0.5))
    return picture


@lru_cache(maxsize=1)
def _font_file() -> tuple[str, int] | None:
    """The system's CJK font (the file and the Simplified Chinese face in it), if there is one."""
    for path in _FONT_FILES:
        if not Path(path).is_file():
            continue
        for index in range(10):
            try:
                family = ImageFont.truetype(path, 20, index=index).getname()[0] or ""
            except OSError:
                break
            if family.endswith(" SC") or (index == 0 and "CJK" not in family):
                return path, index
        return path, 0
    return None


def _font(size: int) -> ImageFont.FreeTypeFont | None:
    found = _font_file()
    return ImageFont.truetype(found[0], size, index=found[1]) if found else None


def drawable(text: str) -> str:
    """The text without emoji and joiners (CJK fonts have no glyph for them), spaces collapsed."""
    kept = "".join(ch for ch in text if unicodedata.category(ch) not in ("So", "Cs", "Mn", "Cf", "Sk")
                   and ord(ch) < 0x1F000)
    return " ".join(kept.split())


_NO_LINE_START = frozenset("，。！？、：；）》」』,.!?:;)")


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Lines no wider than `width`: Latin breaks at spaces, Han anywhere."""
    lines: list[str] = []
    line = ""
    for token in _tokens(text):
        candidate = line + token
        # Closing punctuation never starts a line (，。！ stay with the word before them).
        if line and font.getlength(candidate) > width and token not in _NO_LINE_START:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line = candidate
    if line.strip():
        lines.append(line.strip())
    return lines


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    word = ""
    for ch in text:
        if ch.isascii() and not ch.isspace():
            word += ch
            continue
        if word:
            tokens.append(word)
            word = ""
        tokens.append(ch)
    if word:
        tokens.append(word)
    return tokens


def cover(title: str, theme: str, seed: int, caption: str = "", inset: bool = True) -> Image.Image:
    """The title on a card of the theme's colours and a few marks, with a small round photo of the
    theme when `inset` (a photo that would say the wrong thing, a cup on a hotpot card, is left out)."""
    rng = random.Random(seed)
    background, ink = rng.choice(PALETTES.get(theme, PALETTES["travel"]))
    w, h = COVER_SIZE
    k = w / 720  # the layout below is in units of a 720-pixel-wide card
    card = Image.new("RGB", (w, h), background)
    draw = ImageDraw.Draw(card)
    accent = ImageColor.getrgb(ink)
    paper = ImageColor.getrgb(background)
    soft = tuple(int(0.82 * b + 0.18 * a) for a, b in zip(accent, paper, strict=True))
    style = rng.choice(("dots", "stripes", "frame", "corner"))
    if style == "dots":
        for _ in range(rng.randint(14, 28)):
            x, y, r = rng.randint(0, w), rng.randint(0, h), rng.randint(6, 22) * k
            draw.ellipse((x - r, y - r, x + r, y + r), fill=soft)
    elif style == "stripes":
        step = int(rng.choice((48, 64, 80)) * k)
        for offset in range(-h, w, step):
            draw.line((offset, 0, offset + h, h), fill=soft, width=int(14 * k))
    elif style == "frame":
        margin = int(28 * k)
        draw.rounded_rectangle((margin, margin, w - margin, h - margin), radius=int(36 * k), outline=accent, width=4)
    else:
        r = int(260 * k)
        draw.pieslice((-r, -r, r, r), 0, 90, fill=soft)
        draw.pieslice((w - r, h - r, w + r, h + r), 180, 270, fill=soft)
    # A round photo from the theme, so the card says what it is about at a glance.
    side = int(rng.choice((220, 260, 300)) * k) if inset else 0
    photo_top = rng.choice((True, False))
    margin = int(90 * k)
    x0, y0 = (w - side) // 2, margin if photo_top else h - side - margin
    if inset:
        picture = ImageOps.fit(photo(rng.choice(THEME_PHOTOS.get(theme, ("china",))), seed ^ 0x5A5A), (side, side))
        mask = Image.new("L", picture.size, 0)
        ImageDraw.Draw(mask).ellipse((0, 0, side, side), fill=255)
        card.paste(picture, (x0, y0), mask)
        ring = int(5 * k)
        draw.ellipse((x0 - ring, y0 - ring, x0 + side + ring, y0 + side + ring), outline=accent, width=max(2, ring - 1))
    else:
        y0 = 0 if photo_top else h  # the title has the whole card
    text = drawable(title)
    font = _font(int(rng.choice((62, 68, 74) if inset else (84, 92, 100)) * k))
    if font is not None and text:
        lines = _wrap(text, font, w - int(140 * k))[:4]
        line_height = int(font.size * 1.32)
        block = line_height * len(lines)
        top, bottom = (y0 + side + int(70 * k), h - int(70 * k)) if photo_top else (int(70 * k), y0 - int(70 * k))
        y = top + max(0, (bottom - top - block) // 2)
        for line in lines:
            draw.text(((w - font.getlength(line)) / 2, y), line, font=font, fill=accent)
            y += line_height
        small = _font(int(30 * k))
        if caption and small is not None:
            tag = drawable(caption)
            draw.text(((w - small.getlength(tag)) / 2, h - int(62 * k) if photo_top else int(24 * k)), tag, font=small,
                      fill=accent)
    return card


def titled(picture: Image.Image, title: str, seed: int) -> Image.Image:
    """A photo with its title on a band across it, as many people make their first picture."""
    rng = random.Random(seed)
    font = _font(max(34, picture.width // 14))
    text = drawable(title)
    if font is None or not text:
        return picture
    picture = picture.copy()
    lines = _wrap(text, font, picture.width - 80)[:3]
    line_height = int(font.size * 1.3)
    band = line_height * len(lines) + 40
    top = rng.choice((int(picture.height * 0.08), picture.height - band - int(picture.height * 0.08)))
    overlay = Image.new("RGBA", picture.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    shade = rng.choice(((255, 255, 255, 200), (20, 20, 20, 150), (255, 240, 225, 210)))
    draw.rectangle((0, top, picture.width, top + band), fill=shade)
    ink = (25, 25, 25) if shade[0] > 128 else (255, 255, 255)
    y = top + 20
    for line in lines:
        draw.text(((picture.width - font.getlength(line)) / 2, y), line, font=font, fill=ink)
        y += line_height
    return Image.alpha_composite(picture.convert("RGBA"), overlay).convert("RGB")


def avatar(spec: str, name: str, seed: int) -> Image.Image:
    """A square avatar: a region of a photo, or the name's first letter on a soft colour."""
    rng = random.Random(seed)
    if spec:
        return ImageOps.fit(photo(spec, seed), (AVATAR_SIDE, AVATAR_SIDE))
    background, ink = rng.choice([p for theme in PALETTES.values() for p in theme])
    image = Image.new("RGB", (AVATAR_SIDE, AVATAR_SIDE), ink)
    draw = ImageDraw.Draw(image)
    draw.ellipse((-60, AVATAR_SIDE // 2, AVATAR_SIDE // 2, AVATAR_SIDE + 60), fill=background)
    letter = next((ch for ch in drawable(name) if ch.isalnum()), "")
    font = _font(150)
    if font is not None and letter:
        letter = letter.upper()
        left, top, right, bottom = draw.textbbox((0, 0), letter, font=font)
        draw.text(((AVATAR_SIDE - (right - left)) / 2 - left, (AVATAR_SIDE - (bottom - top)) / 2 - top), letter,
                  font=font, fill=(255, 255, 255))
    return image


def jpeg(image: Image.Image, quality: int = 88) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=False)
    return buffer.getvalue()

