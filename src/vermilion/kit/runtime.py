"""What a long-running Vermilion process does once its code is loaded."""

from __future__ import annotations

import gc


def settle() -> None:
    """Take everything loaded so far (modules, settings, the URLconf, caches built at start) out of
    the garbage collector's sight: it lives as long as the process, and rescanning it in every full
    collection was what made a page's p99 twice its median (feed benchmark at 100,000 notes:
    following p99 115 → 57 ms). Later garbage is collected as usual."""
    gc.collect()
    gc.freeze()
