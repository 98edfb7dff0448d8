"""What a long-running Vermilion process does once its code is loaded."""

from __future__ import annotations

import gc
import logging
import time

from django.conf import settings

from vermilion.feed import embeddings
from vermilion.kit import segment
from vermilion.kit.text import detect_language

log = logging.getLogger(__name__)


def warm() -> None:
    """Load what the first search, feed page or comment would otherwise load inside a request: the
    sentence encoder builds its graph on the first sentence (~1.3 s), jieba its dictionary (~1 s)
    and the language detector its model (~1 s, seen as a 1.1 s first comment in each web process
    of the load benchmark). Done before the process serves, the first readers after a deploy do
    not wait for it."""
    if not getattr(settings, "VERMILION_WARM_AT_START", True):
        return
    started = time.monotonic()
    embeddings.encode(["今天的猫税 cat tax"])
    segment.cut("今天的猫税")
    detect_language("a short latin sentence for the detector")
    log.info("warmed the encoder, the segmenter and the language detector in %.1f s", time.monotonic() - started)


def settle() -> None:
    """Take everything loaded so far (modules, settings, the URLconf, caches built at start) out of
    the garbage collector's sight: it lives as long as the process, and rescanning it in every full
    collection was what made a page's p99 twice its median (feed benchmark at 100,000 notes:
    following p99 115 → 57 ms). Later garbage is collected as usual."""
    gc.collect()
    gc.freeze()
