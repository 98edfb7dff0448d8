"""The co-engagement model behind "liked by people with your taste": EASE over recent likes,
collects and comments, retrained by a periodic task and stored in the data directory, so a
feed page only loads it (once per process and file version) and multiplies one row."""

from __future__ import annotations

import os
import threading
from datetime import timedelta
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from vermilion.notes.models import Collect, Comment, Like

from .collaborative import EaseModel, train_ease

MAX_ITEMS = 2500  # the model is items × items; this keeps training to seconds and the file small
WINDOW_DAYS = 60
STRENGTH = {"like": 1.0, "collect": 2.0, "comment": 2.0}

_lock = threading.Lock()
_cache: dict[str, tuple[float, EaseModel]] = {}


def model_path() -> Path:
    return Path(settings.DATA_DIR) / "feed" / "co_engagement.npz"


def interactions() -> list[tuple[int, int, float]]:

    since = timezone.now() - timedelta(days=WINDOW_DAYS)
    likes = Like.objects.filter(created_at__gte=since)
    popular = (
        likes.values("note_id").annotate(n=Count("id")).filter(n__gte=2).order_by("-n").values_list("note_id", flat=True)
    )
    items = set(popular[:MAX_ITEMS])
    rows: list[tuple[int, int, float]] = []
    for user, note in likes.filter(note_id__in=items).values_list("user_id", "note_id"):
        rows.append((user, note, STRENGTH["like"]))
    for user, note in Collect.objects.filter(created_at__gte=since, note_id__in=items).values_list("user_id", "note_id"):
        rows.append((user, note, STRENGTH["collect"]))
    comments = Comment.objects.filter(created_at__gte=since, note_id__in=items, deleted_at__isnull=True)
    for user, note in comments.values_list("author_id", "note_id").distinct():
        rows.append((user, note, STRENGTH["comment"]))
    return rows


def train_and_store() -> int:
    rows = interactions()
    if len({item for _, item, _ in rows}) < 2:
        return 0
    model = train_ease(rows, l2=500.0)
    path = model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp.npz")
    np.savez(partial, items=model.items, weights=model.weights)
    os.replace(partial, path)  # readers see the old file or the new one, never half of one
    return len(model.items)


def current_model() -> EaseModel | None:
    path = model_path()
    try:
        version = path.stat().st_mtime
    except FileNotFoundError:
        return None
    key = str(path)
    cached = _cache.get(key)
    if cached and cached[0] == version:
        return cached[1]
    with _lock:
        with np.load(path) as data:
            items, weights = data["items"], data["weights"]
        model = EaseModel(items=items, weights=weights, index={int(it): i for i, it in enumerate(items)})
        _cache[key] = (version, model)
    return model
