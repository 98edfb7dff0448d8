"""Feed background work on a schedule: the co-engagement and ranking models, trending lists."""

from __future__ import annotations

from django_tasks import task

from . import co_engagement, learned, trending


@task()
def train_co_engagement() -> int:
    """Retrain the co-engagement model from recent likes, collects and comments; returns item count."""
    return co_engagement.train_and_store()


@task()
def train_ranker() -> dict[str, object]:
    """Retrain the engagement model from recent impressions; it is used only if it beats chance."""
    return learned.train_and_store()


@task()
def refresh_trending() -> int:
    """Recompute the quality-weighted trending lists (overall and per region)."""
    return trending.refresh()
