"""Nearest notes by meaning: a usearch (HNSW) index over the feed's note embeddings.

The index is a file in the data dir, written only by tasks (`update_vector_index`), saved under a
new name and renamed into place so a reader never sees half a file. Web processes memory-map it
and reopen it when it changes. Notes newer than the file (published since the last task run) are
compared exactly, straight from their stored embeddings, so a note is findable by meaning as soon
as the feed has embedded it. Results are candidates only: visibility is applied afterwards.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.utils import timezone

from vermilion.feed.embeddings import DIMENSIONS, from_blobs
from vermilion.feed.models import NoteEmbedding

log = logging.getLogger(__name__)

RELOAD_CHECK_SECONDS = 2.0
# Notes past the index that are compared exactly; more than this means the index task is behind
# (or was never run), and only the newest of them are considered.
FRESH_TAIL_LIMIT = 20_000


def index_dir() -> Path:
    return Path(getattr(settings, "VERMILION_SEARCH_INDEX_DIR", "") or Path(settings.DATA_DIR) / "search")


def _paths() -> tuple[Path, Path]:
    folder = index_dir()
    return folder / "notes.usearch", folder / "notes.json"


def _new_index() -> Any:
    from usearch.index import Index

    return Index(ndim=DIMENSIONS, metric="cos", dtype="f16", connectivity=16, expansion_add=128, expansion_search=64)


@dataclass
class Snapshot:
    """The index as one process sees it: the mapped file and what it covers."""

    index: Any = None
    max_note_id: int = 0
    updated_until: str = ""
    mtime: float = 0.0
    checked: float = 0.0
    keys: set[int] = field(default_factory=set)


_state = Snapshot()
_state_lock = threading.Lock()


def _load_meta(meta_path: Path) -> dict[str, Any]:
    try:
        return dict(json.loads(meta_path.read_text()))
    except (OSError, ValueError):
        return {}


def current() -> Snapshot:
    """The latest saved index, reopened when its file changed (checked every couple of seconds)."""
    global _state
    now = time.monotonic()
    if now - _state.checked < RELOAD_CHECK_SECONDS:
        return _state
    with _state_lock:
        index_path, meta_path = _paths()
        try:
            mtime = meta_path.stat().st_mtime
        except OSError:
            _state = Snapshot(checked=now)
            return _state
        if mtime == _state.mtime and _state.index is not None:
            _state.checked = now
            return _state
        meta = _load_meta(meta_path)
        try:
            from usearch.index import Index

            index = Index.restore(str(index_path), view=True)
        except Exception:  # a missing or unreadable file: fall back to exact comparison
            log.warning("search vector index unreadable; comparing exactly", exc_info=True)
            _state = Snapshot(checked=now)
            return _state
        _state = Snapshot(index=index, max_note_id=int(meta.get("max_note_id", 0)),
                          updated_until=str(meta.get("updated_until", "")), mtime=mtime, checked=now)
        return _state


def reset() -> None:
    """Forget the mapped index (tests, and after a rebuild in this process)."""
    global _state
    with _state_lock:
        _state = Snapshot()


def _fresh_tail(after_note_id: int) -> tuple[np.ndarray, np.ndarray]:

    rows = list(NoteEmbedding.objects.filter(note_id__gt=after_note_id).order_by("-note_id")
                .values_list("note_id", "vector")[:FRESH_TAIL_LIMIT])
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    return ids, from_blobs([r[1] for r in rows])


def nearest(query: np.ndarray, k: int) -> dict[int, float]:
    """Up to k notes closest to a unit query vector: note id → cosine similarity."""
    snap = current()
    found: dict[int, float] = {}
    if snap.index is not None and len(snap.index):
        matches = snap.index.search(query.astype(np.float32), min(k, len(snap.index)))
        for key, distance in zip(matches.keys, matches.distances, strict=True):
            found[int(key)] = 1.0 - float(distance)
    ids, vectors = _fresh_tail(snap.max_note_id)
    if len(ids):
        sims = vectors @ query
        best = np.argsort(-sims)[:k]
        for i in best:
            found[int(ids[i])] = float(sims[i])
    return dict(sorted(found.items(), key=lambda kv: -kv[1])[:k])


def similarities(query: np.ndarray, note_ids: list[int]) -> dict[int, float]:
    """Cosine similarity of the query to each given note that has an embedding."""
    if not note_ids:
        return {}

    rows = list(NoteEmbedding.objects.filter(note_id__any=note_ids).values_list("note_id", "vector"))
    if not rows:
        return {}
    sims = from_blobs([r[1] for r in rows]) @ query
    return {int(note_id): float(s) for (note_id, _), s in zip(rows, sims, strict=True)}


def update_index(batch: int = 5000) -> dict[str, Any]:
    """Add embeddings written since the last run (new notes and edits) to the saved index.

    Run by a task; safe to repeat. Removed and deleted notes are dropped by `rebuild_index`, and
    are never shown anyway because every result passes `visible_to`.
    """

    index_path, meta_path = _paths()
    index_path.parent.mkdir(parents=True, exist_ok=True)
    meta = _load_meta(meta_path) if index_path.exists() else {}
    index = _new_index()
    if meta:
        index.load(str(index_path))
    started = timezone.now()
    changed = NoteEmbedding.objects.all()
    if meta.get("updated_until"):
        changed = changed.filter(updated_at__gte=meta["updated_until"])
    added = 0
    max_note_id = int(meta.get("max_note_id", 0))
    last_id = 0
    while True:
        rows = list(changed.filter(note_id__gt=last_id).order_by("note_id").values_list("note_id", "vector")[:batch])
        if not rows:
            break
        keys = np.array([r[0] for r in rows], dtype=np.uint64)
        present = [int(k) for k in keys if int(k) in index]
        if present:
            index.remove(np.array(present, dtype=np.uint64))  # an edited note: its old vector goes
        index.add(keys, from_blobs([r[1] for r in rows]))
        added += len(rows)
        last_id = int(rows[-1][0])
        max_note_id = max(max_note_id, last_id)
    if added or not meta:
        _save(index, {"max_note_id": max_note_id, "updated_until": started.isoformat(), "size": len(index)})
    return {"added": added, "size": len(index)}


def rebuild_index() -> dict[str, Any]:
    """Build the index from scratch (drops notes that were deleted meanwhile)."""
    index_path, meta_path = _paths()
    for path in (index_path, meta_path):
        path.unlink(missing_ok=True)
    return update_index()


def _save(index: Any, meta: dict[str, Any]) -> None:
    index_path, meta_path = _paths()
    tmp_index = index_path.with_name(f"{index_path.name}.tmp{os.getpid()}")
    tmp_meta = meta_path.with_name(f"{meta_path.name}.tmp{os.getpid()}")
    index.save(str(tmp_index))
    tmp_meta.write_text(json.dumps(meta))
    os.replace(tmp_index, index_path)
    os.replace(tmp_meta, meta_path)  # the meta file's change is what readers watch
