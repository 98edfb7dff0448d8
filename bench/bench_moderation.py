"""Trust and safety screening: precision and recall per class on a labelled set of 500+ Chinese
and English texts (bench/moderation_set.py), the false-positive rate on benign posts, and the
screening latency p95 per text (the full text pipeline, duplicate check against the database
included) and per image (open_nsfw on a card-sized JPEG), as the task runs them.

Images: real photos from scikit-image's data (the demo's photos) at several crops and sizes; all
benign. Full: every text, 60 images. Smoke: every 5th text and 6 images.
"""

from __future__ import annotations

import io
import json
import statistics
import sys
import time
from typing import Any

CLASS_OF_CHECK = {
    "abuse_words": "insult", "profanity_words": "insult", "abuse_classifier": "insult",
    "traffic_diversion": "traffic", "external_links": "traffic",
    "undisclosed_ads": "spam", "duplicate_flood": "spam", "coordinated_posting": "spam",
}
CLASSES = ("insult", "spam", "traffic")


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 2)


def _predicted(signals: list[dict[str, Any]]) -> set[str]:
    """Classes whose signals, on their own, make the policy act (anything stricter than publish)."""
    from vermilion.moderation.policy import verdict_of

    out = set()
    for signal in signals:
        verdict, _ = verdict_of([signal])
        if verdict != "publish" and signal["check"] in CLASS_OF_CHECK:
            out.add(CLASS_OF_CHECK[str(signal["check"])])
    return out


def texts(smoke: bool) -> dict[str, Any]:
    from bench.moderation_set import labelled_texts
    from vermilion.moderation.screening import screen_text

    items = labelled_texts()
    if smoke:
        items = items[::5]
    screen_text("warm up the classifier and the word lists")
    timings: list[float] = []
    rows = []
    for i, (text, label, hidden) in enumerate(items):
        started = time.perf_counter()
        outcome = screen_text(text, author_id=None, target=("bench", i))
        timings.append((time.perf_counter() - started) * 1000)
        rows.append((label, hidden, outcome.verdict, _predicted(outcome.signals), text))
    report: dict[str, Any] = {"texts": len(items), "by_label": {}}
    for label in ("benign", "insult", "spam", "traffic", "evasion"):
        report["by_label"][label] = sum(1 for r in rows if r[0] == label)
    for cls in CLASSES:
        truth = [cls == r[1] for r in rows]
        pred = [cls in r[3] for r in rows]
        tp = sum(t and p for t, p in zip(truth, pred, strict=True))
        precision = tp / max(1, sum(pred))
        recall = tp / max(1, sum(truth))
        report[cls] = {"precision": round(precision, 3), "recall": round(recall, 3), "support": sum(truth)}
    evasions = [r for r in rows if r[0] == "evasion"]
    report["evasion_recall"] = round(sum(1 for r in evasions if r[1] in r[3]) / max(1, len(evasions)), 3)
    benign = [r for r in rows if r[0] == "benign"]
    flagged = [r for r in benign if r[2] != "publish"]
    report["benign_false_positive_rate"] = round(len(flagged) / max(1, len(benign)), 3)
    report["benign_false_positives"] = [r[4] for r in flagged][:10]
    missed = [r[4] for r in rows if r[1] in CLASSES and r[1] not in r[3]]
    report["missed_examples"] = missed[:12]
    report["latency_ms"] = {"p50": round(statistics.median(timings), 2), "p95": _p95(timings), "max": round(max(timings), 2)}
    return report


def _photos(count: int) -> list[bytes]:
    import numpy as np
    from PIL import Image
    from skimage import data

    # The real photographs among scikit-image's data (the demo posts some of them); no drawings or logos.
    names = ["astronaut", "coffee", "chelsea", "rocket", "cat", "camera", "moon", "hubble_deep_field", "grass", "gravel"]
    sources = [Image.fromarray(np.asarray(getattr(data, n)())).convert("RGB") for n in names]
    out = []
    for i in range(count):
        image = sources[i % len(sources)]
        w, h = image.size
        k = 1 + (i // len(sources)) % 3  # whole photo, then two crops
        box = (0, 0, w, h) if k == 1 else ((w - w // k) // 2, (h - h // k) // 2, (w + w // k) // 2, (h + h // k) // 2)
        card = image.crop(box)
        card.thumbnail((720, 960))
        buffer = io.BytesIO()
        card.save(buffer, "JPEG", quality=85)
        out.append(buffer.getvalue())
    return out


def images(smoke: bool) -> dict[str, Any]:
    from vermilion.moderation.checks.models_ml import nsfw_score
    from vermilion.moderation.policy import policies

    photos = _photos(6 if smoke else 60)
    nsfw_score(photos[0])  # load the model once, as a worker does
    timings, scores = [], []
    for photo in photos:
        started = time.perf_counter()
        scores.append(nsfw_score(photo))
        timings.append((time.perf_counter() - started) * 1000)
    limit = policies()["nsfw_image"].limit_at or 0.5
    return {"images": len(photos), "max_nsfw_score": round(max(scores), 4),
            "median_nsfw_score": round(statistics.median(scores), 4),
            "false_positive_rate": round(sum(1 for s in scores if s >= limit) / len(scores), 3),
            "latency_ms": {"p50": round(statistics.median(timings), 1), "p95": _p95(timings)}}


def child(smoke: bool) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    return {"database": connection.vendor, "texts": texts(smoke), "images": images(smoke)}


def run(smoke: bool) -> dict[str, Any]:
    from .runner import each_backend

    return each_backend("bench.bench_moderation", smoke)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(child(smoke=sys.argv[2] == "smoke"), ensure_ascii=False))
