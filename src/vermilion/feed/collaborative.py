"""Collaborative candidates from co-engagement: an EASE item-item model (Steck, 2019).

EASE learns one dense item×item weight matrix B in closed form from the interaction matrix X:
B = I − P·diag(1/diag(P)) with P = (XᵀX + λI)⁻¹, and scores a person's unseen items by X_u·B. It
needs no iterative training, has one hyper-parameter, and is strong on implicit feedback. It is
trained by a periodic task over the platform's own interaction log (likes, collects, comments,
dwell) and only ever scores the items it was trained on; new notes reach people through the other
candidate sources until the next training.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass
class EaseModel:
    items: np.ndarray  # item ids, in matrix order
    weights: np.ndarray  # item × item, float32
    index: dict[int, int]  # item id → column

    def score(self, engaged: dict[int, float]) -> np.ndarray:
        """Scores for every known item, for someone with these (item id → strength) engagements."""
        row = np.zeros(len(self.items), dtype=np.float32)
        for item, strength in engaged.items():
            column = self.index.get(item)
            if column is not None:
                row[column] = strength
        return row @ self.weights

    def recommend(self, engaged: dict[int, float], k: int, exclude: Iterable[int] = ()) -> list[int]:
        scores = self.score(engaged)
        for item in (*engaged, *exclude):
            column = self.index.get(item)
            if column is not None:
                scores[column] = -np.inf
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [int(self.items[i]) for i in top if np.isfinite(scores[i])]


def train_ease(interactions: Sequence[tuple[int, int, float]], l2: float = 250.0) -> EaseModel:
    """interactions: (user id, item id, strength). Repeated pairs add up."""
    users = {u: i for i, u in enumerate(sorted({u for u, _, _ in interactions}))}
    items = np.array(sorted({it for _, it, _ in interactions}), dtype=np.int64)
    index = {int(it): i for i, it in enumerate(items)}
    matrix = np.zeros((len(users), len(items)), dtype=np.float64)
    for user, item, strength in interactions:
        matrix[users[user], index[item]] += strength
    gram = matrix.T @ matrix
    gram[np.diag_indices_from(gram)] += l2
    inverse = np.linalg.inv(gram)
    weights = -inverse / np.diag(inverse)
    weights[np.diag_indices_from(weights)] = 0.0
    return EaseModel(items=items, weights=weights.astype(np.float32), index=index)
