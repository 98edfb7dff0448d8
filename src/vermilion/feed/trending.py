"""Quality-weighted trending: what is gathering collects and comments right now, not all-time counts.

A periodic task (`refresh_trending`, every five minutes) scores notes by the engagement they earned
in the last day — collects and comments weigh 3, likes 1, each engagement counting less the older
it is — times a quality factor: the engagement rate per view, smoothed towards the platform's
average so a note with ten views and three likes does not outrank one with ten thousand and
three hundred, and halved for low-effort posts (a bare "cat tax" photo). The best notes overall and
per region are stored in `Trending`, so a discover page reads one short indexed list.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict

from django.db import transaction
from django.db.models.functions import Length

from vermilion.kit.ids import id_for_time, time_of_id
from vermilion.notes.models import Collect, Comment, Like, Note

from .models import Trending
from .window import is_low_effort

WINDOW_HOURS = 24
HALF_LIFE_HOURS = 6.0
GLOBAL_SIZE = 200
REGION_SIZE = 50
PRIOR_VIEWS = 50  # the smoothing: every note starts as if it had this many views at the average rate
LOW_EFFORT_FACTOR = 0.5


def _recent_engagement(since_id: int, now: float) -> dict[int, float]:
    """Note → engagement of the window, each event decayed by its age (ids carry their time)."""

    weight: dict[int, float] = defaultdict(float)
    for model, value, extra in ((Like, 1.0, {}), (Collect, 3.0, {}), (Comment, 3.0, {"deleted_at__isnull": True})):
        for pk, note_id in model.objects.filter(pk__gte=since_id, **extra).values_list("pk", "note_id").iterator(
                chunk_size=5000):
            age_hours = max(0.0, now - time_of_id(pk)) / 3600
            weight[note_id] += value * 0.5 ** (age_hours / HALF_LIFE_HOURS)
    return weight


def compute() -> list[tuple[int, str, float]]:
    """(note id, region, score) of the trending notes: the global list has region ''."""


    now = time.time()
    weight = _recent_engagement(id_for_time(now - WINDOW_HOURS * 3600), now)
    if not weight:
        return []
    # Only notes anyone may be shown; the reader's own visibility is applied again at read time.
    rows = list(
        Note.objects.visible_to(None, "").recommendable().filter(pk__in=list(weight))
        .annotate(body_length=Length("body"))
        .values_list("pk", "ip_region", "views_count", "likes_count", "collects_count", "comments_count", "title",
                     "body_length")
    )
    if not rows:
        return []
    total_views = sum(r[2] for r in rows)
    total_engagement = sum(r[3] + 3 * (r[4] + r[5]) for r in rows)
    average_rate = total_engagement / max(total_views, 1)
    scored: list[tuple[float, int, str]] = []
    for pk, region, views, likes, collects, comments, title, body_length in rows:
        rate = (likes + 3 * (collects + comments) + PRIOR_VIEWS * average_rate) / (views + PRIOR_VIEWS)
        quality = math.sqrt(rate / max(average_rate, 1e-9))
        value = weight[pk] * quality * (LOW_EFFORT_FACTOR if is_low_effort(title, body_length) else 1.0)
        scored.append((value, pk, region or ""))
    scored.sort(reverse=True)
    out = [(pk, "", value) for value, pk, _ in scored[:GLOBAL_SIZE]]
    per_region: dict[str, int] = defaultdict(int)
    for value, pk, region in scored:
        # Regions are stored as CN-GD, US…: a province list and its country's list both count.
        for key in {region, region.split("-")[0]} - {""}:
            if per_region[key] < REGION_SIZE:
                per_region[key] += 1
                out.append((pk, key, value))
    return out


def refresh() -> int:

    rows = compute()
    with transaction.atomic():
        Trending.objects.all().delete()
        Trending.objects.bulk_create([Trending(note_id=pk, region=region, score=value) for pk, region, value in rows])
    return len(rows)


def trending_ids(region: str) -> dict[int, float]:
    """Note → trending strength in (0, 1] for the reader's region and overall (the stronger wins)."""

    regions = {"", region, region.split("-")[0]} if region else {""}
    rows = list(Trending.objects.filter(region__in=regions).values_list("note_id", "score"))
    if not rows:
        return {}
    top = max(score for _, score in rows) or 1.0
    out: dict[int, float] = {}
    for note_id, value in rows:
        out[note_id] = max(out.get(note_id, 0.0), value / top)
    return out
