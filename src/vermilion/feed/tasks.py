"""Feed background work: on a schedule, the co-engagement and ranking models and trending lists; on
demand, a reader's Discover ranking kept ahead of their next page."""

from __future__ import annotations

from django_tasks import task

from . import co_engagement, discover, learned, ranked, trending


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


@task()
def refresh_discover(user_id: int | None, region: str, language: str, reading: str) -> int:
    """Rank Discover ahead of a reader (feed/ranked.py): their next first page is a slice of this.
    Returns the places ranked (0 for a reader who is gone)."""
    return discover.keep_ranking(user_id, region, language, reading)


@task()
def prune_rankings() -> int:
    """Kept Discover rankings in the database that nobody has read for a day."""
    return ranked.prune()
