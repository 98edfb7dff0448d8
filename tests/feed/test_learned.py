from __future__ import annotations

import random

import numpy as np
import pytest

from vermilion.feed import learned
from vermilion.feed.models import Impression
from vermilion.feed.ranking import AUTHOR_CAP
from vermilion.notes.models import Like

pytestmark = pytest.mark.django_db(transaction=True)


def test_fit_learns_which_feature_predicts_engagement():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2000, 3))
    y = (rng.random(2000) < 1 / (1 + np.exp(-(2.0 * x[:, 1] - 1.0)))).astype(float)
    w, _b = learned.fit(x, y, np.ones(2000))
    assert w[1] > 1.0 and abs(w[0]) < 0.3 and abs(w[2]) < 0.3


def test_not_enough_data_keeps_the_hand_weighted_ranking(make_user):
    report = learned.train_and_store()
    assert report["used"] is False and learned.current() is None


def test_trained_on_impressions_and_used_by_discover(make_user, post_note, client_for):
    rng = random.Random(3)
    author = make_user("author")
    notes = [post_note(author, title=f"n{i}") for i in range(4)]
    readers = [make_user(f"reader{i}") for i in range(150)]
    impressions, likes = [], []
    for reader in readers:
        for note in notes:
            topic_match = rng.random() < 0.5
            row = learned.features(likes=rng.randint(0, 50), collects=0, comments=0, age_hours=rng.uniform(0, 72),
                                   topic_match=topic_match, similarity=rng.uniform(0, 0.6), co_engagement=0.0,
                                   followed=False, region_match=False, language_match=True, fresh=False)
            impressions.append(Impression(user=reader, note_id=int(note["id"]), position=0, features=row))
            if rng.random() < (0.6 if topic_match else 0.05):
                likes.append(Like(user=reader, note_id=int(note["id"])))
    Impression.objects.bulk_create(impressions)
    Like.objects.bulk_create(likes, ignore_conflicts=True)
    report = learned.train_and_store()
    assert report["used"] is True and report["held_out_auc"] > 0.7
    weights = dict(zip(report["features"], report["weights"], strict=True))
    assert weights["topic_match"] == max(weights.values())
    assert learned.current() is not None
    # Discover ranks with the model in place, and logs what it showed.
    before = Impression.objects.count()
    page = client_for(make_user("newcomer")).get("/api/v1/feed/discover").json()
    assert len(page["items"]) == AUTHOR_CAP  # one author wrote them all: the cap ends the feed
    assert Impression.objects.count() == before + len(page["items"])
