"""The discover ranking used until a learned model exists: engagement quality over age.

Collects and comments weigh more than likes (they say "this was worth keeping / talking about"),
a note gets a bonus in the reader's own interests, language and region, and re-ranking keeps any
one author to at most two notes in a window of ten.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import islice

import numpy as np

AUTHOR_WINDOW = 10
AUTHOR_CAP = 2


@dataclass
class Candidate:
    note_id: int
    author_id: int
    topic_keys: tuple[str, ...]
    likes: int
    collects: int
    comments: int
    published_at: datetime
    language: str
    region: str
    score: float = 0.0
    reason: tuple[str, str] = ("popular", "")
    title_key: str = ""
    features: list[float] | None = None
    low_effort: bool = False


def engagement(c: Candidate) -> float:
    return c.likes + 3.0 * c.collects + 3.0 * c.comments


def score(c: Candidate, now: datetime, interests: set[str], language: str, region: str) -> float:
    age_hours = max(0.0, (now - c.published_at).total_seconds() / 3600)
    # Popularity is compressed (log) so that it informs rather than decides; freshness decays slowly
    # over days, not hours, so a good note keeps finding its readers.
    value = (math.log1p(engagement(c)) + 1.0) / (age_hours / 24.0 + 1.0) ** 0.5
    matched = [k for k in c.topic_keys if k in interests]
    if matched:
        value *= 3.0
        c.reason = ("topic", matched[0])
    elif region and c.region == region:
        value *= 1.5
        c.reason = ("region", region)
    elif age_hours < 24 and engagement(c) < 5:
        c.reason = ("new", c.topic_keys[0] if c.topic_keys else "")
    if language and c.language == language:
        value *= 1.3
    if c.low_effort and not matched:
        value *= 0.4  # a bare photo with a word or two: fine for fans of the topic, noise for others
    return value


TOPIC_CAP = 5  # notes whose first topic is the same, in any window of ten


def _fits(c: Candidate, authors: deque[int], topics: deque[str], with_topics: bool) -> bool:
    if sum(1 for a in authors if a == c.author_id) >= AUTHOR_CAP:
        return False
    crowded = bool(c.topic_keys) and sum(1 for t in topics if t == c.topic_keys[0]) >= TOPIC_CAP
    return not (with_topics and crowded)


SPECTRUM_DEPTH = 200  # places (ten pages) re-ranked with embeddings as well; deeper ones by caps alone
SPECTRUM_CHOICES = 6  # how far down the fitting candidates the spectrum term may reach
SPECTRUM_DECAY = 0.85  # what each step down the ranking costs, against the novelty it brings
SPECTRUM_GAMMA = 1.5


def novelty(window: Sequence[np.ndarray], options: np.ndarray) -> np.ndarray:
    """How much of each option lies outside the space the recent items already span: the length of
    its component orthogonal to them (1 = something new, 0 = more of the same). This is the volume
    term of Xiaohongshu's sliding spectrum decomposition, one candidate at a time."""
    if not len(window) or not len(options):
        return np.ones(len(options))
    basis, _ = np.linalg.qr(np.stack(window).T)
    projected = options @ basis
    return np.sqrt(np.clip(1.0 - (projected**2).sum(axis=1), 0.0, 1.0))


def _spectrum_pick(pending: Sequence[Candidate], fitting: list[int], window: list[np.ndarray],
                   vectors: dict[int, np.ndarray]) -> int:
    """Of the first few candidates that fit the caps, the one that best trades its place in the
    ranking against what it adds to the window. Each step down the ranking costs a factor, and more
    when the score falls far below the first one's: novelty may reorder neighbours, never bury a
    much better note. (The first may score lower than the rest: a reserved exploration place.)"""
    embedded = [i for i in fitting if pending[i].note_id in vectors]
    values: dict[int, float] = {}
    if embedded:
        found = novelty(window, np.stack([vectors[pending[i].note_id] for i in embedded]))
        values = {i: float(v) for i, v in zip(embedded, found, strict=True)}
    neutral = float(np.mean(list(values.values()))) if values else 1.0
    lead = pending[fitting[0]].score
    best, best_value = fitting[0], -1.0
    for step, i in enumerate(fitting):
        ratio = min(1.0, pending[i].score / lead) if lead > 0 else 1.0
        value = SPECTRUM_DECAY**step * ratio * values.get(i, neutral) ** SPECTRUM_GAMMA
        if value > best_value:
            best, best_value = i, value
    return best


def diversify(ranked: Sequence[Candidate], vectors: dict[int, np.ndarray] | None = None,
              limit: int | None = None) -> list[Candidate]:
    """Greedy sliding-window re-rank. Take the best candidate whose author (hard cap) and first
    topic (soft cap, relaxed when nothing else fits) are not over-represented in the last ten; with
    embeddings, weigh the first few such candidates by how much each adds to what the window already
    shows (`_spectrum_pick`), so near-identical notes (the same cat, the same latte) do not stand
    side by side.
    A title already shown (copy-paste floods, reposts) waits until everything else has had its
    turn. When only over-represented authors remain the feed ends here rather than turning into
    one person's timeline.
    Each pick depends only on the picks before it, so the first `limit` places come out the same
    whether or not the rest is ranked: a page asks for what it shows plus one."""
    seen_titles: set[str] = set()
    pending = []
    repeats = []
    for c in ranked:
        if c.title_key and c.title_key in seen_titles:
            repeats.append(c)
        else:
            seen_titles.add(c.title_key)
            pending.append(c)
    pending += repeats
    out: list[Candidate] = []
    authors: deque[int] = deque(maxlen=AUTHOR_WINDOW - 1)
    topics: deque[str] = deque(maxlen=AUTHOR_WINDOW - 1)
    window: deque[np.ndarray] = deque(maxlen=AUTHOR_WINDOW - 1)
    while pending and (limit is None or len(out) < limit):
        spectrum = bool(vectors) and len(out) < SPECTRUM_DEPTH
        choices = SPECTRUM_CHOICES if spectrum else 1
        fitting = list(islice((i for i, c in enumerate(pending) if _fits(c, authors, topics, True)), choices))
        if not fitting:
            fitting = list(islice((i for i, c in enumerate(pending) if _fits(c, authors, topics, False)), choices))
        if not fitting:
            break
        index = fitting[0]
        if spectrum and len(fitting) > 1 and window and vectors is not None:
            index = _spectrum_pick(pending, fitting, list(window), vectors)
        chosen = pending.pop(index)
        out.append(chosen)
        authors.append(chosen.author_id)
        topics.append(chosen.topic_keys[0] if chosen.topic_keys else "")
        if vectors and chosen.note_id in vectors:
            window.append(vectors[chosen.note_id])
    return out


def apply_taste(c: Candidate, similarity_margin: float, co_strength: float) -> None:
    """Boost what resembles the reader's engagements (content) and what people like them engaged
    with (behaviour); either can become the reason when it is the stronger signal."""
    boost_similar = math.expm1(6.0 * similarity_margin) if similarity_margin > 0 else 0.0
    boost_co = 2.0 * max(0.0, co_strength)
    c.score *= (1.0 + boost_similar + boost_co) * (math.exp(6.0 * similarity_margin) if similarity_margin < 0 else 1.0)
    if c.reason[0] in ("popular", "region", "new") and max(boost_similar, boost_co) >= 0.4:
        if boost_similar >= boost_co:
            c.reason = ("similar", c.topic_keys[0] if c.topic_keys else "")
        else:
            c.reason = ("co_engaged", "")


EXPLORATION_SLOTS = (4, 9)  # of every ten places, these go to the fresh-creator pool first


def reserve_exploration(
    ranked: Sequence[Candidate], fresh: set[int], slots: tuple[int, ...] = EXPLORATION_SLOTS
) -> list[Candidate]:
    """Give new notes from small creators a guaranteed, measured first audience: the best-scored
    of them take two places in every ten; everything else keeps its order."""
    explore = [c for c in ranked if c.note_id in fresh]
    rest = [c for c in ranked if c.note_id not in fresh]
    out: list[Candidate] = []
    while explore or rest:
        slot = len(out) % AUTHOR_WINDOW in slots
        source = explore if (slot and explore) or not rest else rest
        chosen = source.pop(0)
        if chosen.note_id in fresh and chosen.reason[0] in ("popular", "region"):
            chosen.reason = ("new", chosen.topic_keys[0] if chosen.topic_keys else "")
        out.append(chosen)
    return out
