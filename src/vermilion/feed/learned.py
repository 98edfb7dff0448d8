"""The learned ranker: a logistic model of "will this reader engage with this note", trained by a
periodic task on the platform's own impressions and what followed them (a like counts 1, a collect
or a comment 3: they say more; staying on a note for ten seconds or more 0.5).
Until an instance has enough data, or when the model does not beat
chance on held-out impressions, the hand-weighted score ranks alone."""

from __future__ import annotations

import json
import math
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.utils import timezone

from vermilion.notes.models import Collect, Comment, Like

from .models import Dwell, Impression
from .sources import DWELL_SECONDS

FEATURES = ("log_likes", "log_collects", "log_comments", "age_days", "topic_match", "similarity",
            "co_engagement", "followed", "region_match", "language_match", "fresh", "trending")
MIN_IMPRESSIONS = 500
MIN_POSITIVES = 20
MIN_AUC = 0.55
WINDOW_DAYS = 14
MAX_ROWS = 200_000

_cache: dict[str, tuple[float, dict[str, Any]]] = {}


def features(*, likes: int, collects: int, comments: int, age_hours: float, topic_match: bool, similarity: float,
             co_engagement: float, followed: bool, region_match: bool, language_match: bool, fresh: bool,
             trending: float = 0.0) -> list[float]:
    return [math.log1p(likes), math.log1p(collects), math.log1p(comments), age_hours / 24.0, float(topic_match),
            round(similarity, 4), round(co_engagement, 4), float(followed), float(region_match),
            float(language_match), float(fresh), round(trending, 4)]


def model_path() -> Path:
    return Path(settings.DATA_DIR) / "feed" / "ranker.json"


def _auc(scores: np.ndarray, labels: np.ndarray) -> float:
    order = np.argsort(scores)
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    positives = labels.sum()
    negatives = len(labels) - positives
    if positives == 0 or negatives == 0:
        return 0.5
    return float((ranks[labels == 1].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def fit(x: np.ndarray, y: np.ndarray, weight: np.ndarray, l2: float = 1.0, steps: int = 25) -> tuple[np.ndarray, float]:
    """Weighted, L2-regularised logistic regression by Newton's method (a handful of features)."""
    w = np.zeros(x.shape[1])
    b = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        r = weight * p * (1 - p)
        grad_w = x.T @ (weight * (p - y)) + l2 * w
        grad_b = float((weight * (p - y)).sum())
        hessian = x.T @ (x * r[:, None]) + l2 * np.eye(x.shape[1])
        w -= np.linalg.solve(hessian, grad_w)
        b -= grad_b / max(float(r.sum()), 1e-9)
    return w, b


def training_rows() -> tuple[np.ndarray, np.ndarray, np.ndarray]:


    since = timezone.now() - timedelta(days=WINDOW_DAYS)
    shown = list(Impression.objects.filter(created_at__gte=since).order_by("-pk")
                 .values_list("user_id", "note_id", "features")[:MAX_ROWS])
    shown = [row for row in shown if len(row[2]) == len(FEATURES)]  # rows logged before an upgrade differ
    if not shown:
        return np.zeros((0, len(FEATURES))), np.zeros(0), np.zeros(0)
    users = {u for u, _, _ in shown}
    strength: dict[tuple[int, int], float] = {}
    # Reading a note for a while is a weak positive of its own: most readers never tap like.
    dwelled = Dwell.objects.filter(user_id__in=users, created_at__gte=since, seconds__gte=DWELL_SECONDS)
    for pair in dwelled.values_list("user_id", "note_id"):
        strength[pair] = 0.5
    for model, value in ((Like, 1.0), (Collect, 3.0)):
        for pair in model.objects.filter(user_id__in=users, created_at__gte=since).values_list("user_id", "note_id"):
            strength[pair] = max(strength.get(pair, 0.0), value)
    for pair in Comment.objects.filter(author_id__in=users, created_at__gte=since).values_list("author_id", "note_id"):
        strength[pair] = max(strength.get(pair, 0.0), 3.0)
    x = np.array([f for _, _, f in shown], dtype=np.float64)
    labels = np.array([1.0 if (u, n) in strength else 0.0 for u, n, _ in shown])
    weight = np.array([strength.get((u, n), 1.0) for u, n, _ in shown])
    return x, labels, weight


def train_and_store() -> dict[str, Any]:
    x, y, weight = training_rows()
    report: dict[str, Any] = {"impressions": len(y), "positives": int(y.sum())}
    if len(y) < MIN_IMPRESSIONS or y.sum() < MIN_POSITIVES:
        return {**report, "used": False, "why": "not enough data yet"}
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = (x - mean) / std
    rng = np.random.default_rng(0)
    held = rng.random(len(y)) < 0.2
    w, b = fit(z[~held], y[~held], weight[~held])
    auc = _auc(z[held] @ w + b, y[held])
    w, b = fit(z, y, weight)  # the model in use learns from everything
    model = {"features": list(FEATURES), "mean": mean.tolist(), "std": std.tolist(), "weights": w.tolist(),
             "bias": b, "held_out_auc": round(auc, 4), "impressions": len(y), "positives": int(y.sum()),
             "trained_at": timezone.now().isoformat(), "used": auc >= MIN_AUC}
    path = model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(model), encoding="utf-8")
    os.replace(partial, path)
    return model


def current() -> dict[str, Any] | None:
    path = model_path()
    try:
        version = path.stat().st_mtime
    except FileNotFoundError:
        return None
    cached = _cache.get(str(path))
    if cached is None or cached[0] != version:
        cached = (version, json.loads(path.read_text(encoding="utf-8")))
        _cache[str(path)] = cached
    model = cached[1]
    # A model trained on another feature set (before an upgrade) waits for the next training.
    return model if model.get("used") and model.get("features") == list(FEATURES) else None


def predict(model: dict[str, Any], rows: list[list[float]]) -> np.ndarray:
    z = (np.asarray(rows, dtype=np.float64) - np.asarray(model["mean"])) / np.asarray(model["std"])
    return 1 / (1 + np.exp(-(z @ np.asarray(model["weights"]) + model["bias"])))
