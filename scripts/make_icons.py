"""Draw the app's icons (src/vermilion/web/static/web/icons) from the same shapes as icon.svg.

The PNG and ICO files are committed; run this again only when the mark changes:
    .venv/bin/python scripts/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parents[1] / "src/vermilion/web/static/web/icons"
RED, WHITE = (255, 36, 66, 255), (255, 255, 255, 255)
# icon.svg's mark on its 64-unit square: a V.
MARK = [(16, 18), (25, 18), (32, 36), (39, 18), (48, 18), (36, 48), (28, 48)]
SCALE = 4  # drawn larger, then reduced: smooth edges without an SVG renderer


def draw(size: int, *, maskable: bool = False) -> Image.Image:
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if maskable:
        # Full bleed; the mark stays inside the middle 60%, which every launcher's mask keeps.
        pen.rectangle((0, 0, big, big), fill=RED)
        unit, offset = big * 0.6 / 64, big * 0.2
    else:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 14 / 64, fill=RED)
        unit, offset = big / 64, 0.0
    pen.polygon([(offset + x * unit, offset + y * unit) for x, y in MARK], fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size).save(ICONS / f"icon-{size}.png", optimize=True)
    draw(512, maskable=True).save(ICONS / "maskable-512.png", optimize=True)
    # iOS puts its own rounded corners on a square, opaque icon.
    draw(180, maskable=True).convert("RGB").save(ICONS / "apple-touch-icon.png", optimize=True)
    draw(48).save(ICONS / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])


if __name__ == "__main__":
    main()
