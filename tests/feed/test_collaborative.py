from __future__ import annotations

import numpy as np

from vermilion.feed.collaborative import train_ease


def test_co_engaged_items_are_recommended_and_seen_ones_are_not():
    # People who liked 1 also liked 2; people who liked 3 also liked 4.
    interactions = [(u, 1, 1.0) for u in range(10)] + [(u, 2, 1.0) for u in range(8)]
    interactions += [(u, 3, 1.0) for u in range(10, 20)] + [(u, 4, 1.0) for u in range(10, 18)]
    model = train_ease(interactions, l2=1.0)
    assert model.recommend({1: 1.0}, k=1) == [2]
    assert model.recommend({3: 1.0}, k=1) == [4]
    assert 1 not in model.recommend({1: 1.0}, k=3)
    assert 2 not in model.recommend({1: 1.0}, k=3, exclude=[2])


def test_unknown_items_and_empty_history_are_harmless():
    model = train_ease([(1, 10, 1.0), (2, 10, 1.0), (2, 11, 2.0), (2, 11, 1.0)], l2=1.0)
    assert model.weights.shape == (2, 2)
    assert np.all(np.diag(model.weights) == 0)  # an item never recommends itself
    assert len(model.recommend({999: 1.0}, k=5)) == 2
    assert model.recommend({}, k=5) != []
