"""Image pipeline: milliseconds per 12-megapixel phone JPEG (with EXIF), and peak memory.

Full mode: 4000x3000 JPEG made from a real photo (scikit-image's coffee), 15 runs. Smoke: one
small run.
"""

from __future__ import annotations

import io
import json
import statistics
import subprocess
import sys
import time
from typing import Any

# Peak memory is measured in a fresh process (Pillow allocates in C, which tracemalloc cannot
# see): the growth of max RSS while one image is processed, over the baseline after imports.
_MEASURE = """
import io, json, sys
from vermilion.media.images import process_image
def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1])
data = sys.stdin.buffer.read()
open("/proc/self/clear_refs", "w").write("5")  # reset the high-water mark (VmHWM) to now
before = status("VmRSS:")
process_image(io.BytesIO(data), max_pixels=60_000_000)
print(json.dumps({"baseline_kb": before, "peak_kb": status("VmHWM:")}))
"""


def _phone_jpeg(width: int, height: int) -> bytes:
    import numpy as np
    from PIL import Image
    from skimage import data

    photo = Image.fromarray(np.asarray(data.coffee())).resize((width, height), Image.Resampling.BICUBIC)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated, as phones store portrait shots
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=92, exif=exif)
    return buffer.getvalue()


def run(smoke: bool) -> dict[str, Any]:
    from vermilion.media.images import process_image

    width, height, runs = (800, 600, 1) if smoke else (4000, 3000, 15)
    source = _phone_jpeg(width, height)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        process_image(io.BytesIO(source), max_pixels=60_000_000)
        timings.append((time.perf_counter() - started) * 1000)
    memory = json.loads(subprocess.run([sys.executable, "-c", _MEASURE], input=source, capture_output=True,
                                       check=True, timeout=120).stdout)
    timings.sort()
    return {
        "image": f"{width}x{height} JPEG ({len(source) // 1024} KB, EXIF orientation 6)",
        "runs": runs,
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[min(len(timings) - 1, int(len(timings) * 0.95))], 1),
        "peak_memory_growth_mb": round((memory["peak_kb"] - memory["baseline_kb"]) / 1024, 1),
    }
