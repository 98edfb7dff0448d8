"""A search's place in the sentence space, encoded once for every web process.

Encoding a query costs the multilingual encoder about 0.2 s of CPU, the largest part of a search
that is new to this process. Readers repeat each other's searches (trending words, suggestions,
the topic of the day), so a vector computed by one process is kept in the shared cache (Redis in
production) for the others and for the next restart; each process also keeps the last few hundred
in memory. The encoder is deterministic for a given text and model, so a kept vector is never
stale; the key names the encoder's dimension and a version to change if the model ever does.
"""

from __future__ import annotations

import hashlib
import logging
from functools import lru_cache

import numpy as np
from django.core.cache import cache

from vermilion.feed.embeddings import DIMENSIONS, encode

log = logging.getLogger(__name__)

KEEP_SECONDS = 30 * 24 * 3600
_VERSION = f"use-m3-{DIMENSIONS}-v1"


def cache_key(q: str) -> str:
    return f"search:qvec:{_VERSION}:{hashlib.sha256(q.encode('utf-8')).hexdigest()[:32]}"


@lru_cache(maxsize=512)
def query_vector(q: str) -> np.ndarray:
    """The query's unit vector: from this process's memory, else the shared cache, else encoded
    (and then shared). An unreachable cache only costs the encoding."""
    key = cache_key(q)
    try:
        kept = cache.get(key)
    except Exception as exc:  # the cache is a speed-up: a Redis outage must not fail a search
        log.warning("query vector cache unavailable: %s", exc)  # one line per search, not a traceback
        kept = None
    if isinstance(kept, bytes) and len(kept) == DIMENSIONS * 4:
        return np.frombuffer(kept, dtype=np.float32).copy()
    vector: np.ndarray = encode([q])[0]
    try:
        cache.set(key, vector.astype(np.float32).tobytes(), KEEP_SECONDS)
    except Exception as exc:
        log.warning("could not share a query vector: %s", exc)
    return vector
