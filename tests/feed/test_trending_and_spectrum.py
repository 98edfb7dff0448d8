"""Quality-weighted trending, the embedding window in re-ranking, Nearby's order, dwell as a label."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import numpy as np
import pytest

from vermilion.feed import trending
from vermilion.feed.models import Trending
from vermilion.feed.ranking import Candidate, diversify, novelty
from vermilion.notes.models import Note

pytestmark = pytest.mark.django_db(transaction=True)

DISCOVER = "/api/v1/feed/discover"


def ids(page):  # type: ignore[no-untyped-def]
    return [item["id"] for item in page["items"]]


def test_trending_weighs_quality_not_just_counts(make_user, post_note, client_for):
    keeper = post_note(make_user("keeper"), title="A week of lunches for under 50 yuan",
                       body="Seven lunch boxes, what they cost and how long they keep #mealprep")
    bare = post_note(make_user("bare"), title="cat", body="🐱")
    quiet = post_note(make_user("quiet"), title="Nobody engaged with this one", body="Just a walk in the park")
    # The same number of people engage with both; the lunch note gets collects, the cat likes.
    for i in range(4):
        api = client_for(make_user(f"fan{i}"))
        api.post(f"/api/v1/notes/{keeper['id']}/collect")
        api.post(f"/api/v1/notes/{bare['id']}/like")
    assert trending.refresh() > 0
    overall = dict(Trending.objects.filter(region="").values_list("note_id", "score"))
    assert int(quiet["id"]) not in overall
    assert overall[int(keeper["id"])] > overall[int(bare["id"])] > 0


def test_trending_is_a_discover_source_with_a_reason(make_user, post_note, client_for):
    hot = post_note(make_user("hot"), title="Night market in Taipei", body="Stinky tofu, oyster omelette, bubble tea")
    for i in range(3):
        client_for(make_user(f"fan{i}")).post(f"/api/v1/notes/{hot['id']}/collect")
    trending.refresh()
    page = client_for(make_user("reader")).get(DISCOVER).json()
    item = next(i for i in page["items"] if i["id"] == hot["id"])
    assert item["reason"] == "Trending now"
    # A note that was removed since the last refresh is not served from the stale list.
    Note.objects.filter(pk=int(hot["id"])).update(deleted_at=datetime.now(UTC))
    assert hot["id"] not in ids(client_for(make_user("reader2")).get(DISCOVER).json())


def test_trending_per_region(make_user, post_note, client_for):
    local = post_note(make_user("gz_cook"), title="早茶推荐", body="虾饺、烧卖和凤爪，广州老字号")
    Note.objects.filter(pk=int(local["id"])).update(ip_region="CN-GD")
    client_for(make_user("fan")).post(f"/api/v1/notes/{local['id']}/like")
    trending.refresh()
    assert set(Trending.objects.filter(note_id=int(local["id"])).values_list("region", flat=True)) == {"", "CN-GD", "CN"}
    assert int(local["id"]) in trending.trending_ids("CN-GD")
    assert trending.trending_ids("US").keys() == trending.trending_ids("").keys()


def _cand(note_id: int, author: int, topic: str = "") -> Candidate:
    return Candidate(note_id, author, (topic,) if topic else (), 0, 0, 0, datetime.now(UTC), "en", "",
                     title_key=f"t{note_id}")


def test_novelty_is_the_part_outside_the_window():
    x, y = np.eye(4, dtype=np.float32)[0], np.eye(4, dtype=np.float32)[1]
    values = novelty([x], np.stack([x, y, (x + y) / np.sqrt(2)]))
    assert values == pytest.approx([0.0, 1.0, np.sqrt(0.5)], abs=1e-6)
    assert novelty([], np.stack([x])) == pytest.approx([1.0])


def test_near_duplicates_do_not_stand_side_by_side():
    rng = np.random.default_rng(3)
    base = rng.standard_normal(64)
    vectors = {}
    ranked = []
    for i in range(6):  # six near-copies of the same cat photo caption, best-scored first
        v = base + 0.05 * rng.standard_normal(64)
        vectors[i] = v / np.linalg.norm(v)
        ranked.append(_cand(i, 100 + i))
    for i in range(6, 12):
        v = rng.standard_normal(64)
        vectors[i] = v / np.linalg.norm(v)
        ranked.append(_cand(i, 100 + i))
    plain = [c.note_id for c in diversify(ranked)]
    spread = [c.note_id for c in diversify(ranked, vectors)]
    assert plain[:6] == [0, 1, 2, 3, 4, 5]
    assert sorted(spread) == sorted(plain)  # nothing lost, only reordered
    assert spread[0] == 0  # the best still leads
    # With the window, the copies are interleaved with different notes.
    assert not any(a < 6 and b < 6 for a, b in itertools.pairwise(spread[:7]))


def test_spectrum_keeps_the_author_cap():
    rng = np.random.default_rng(4)
    ranked = [_cand(i, i % 3) for i in range(30)]
    vectors = {c.note_id: (v := rng.standard_normal(16)) / np.linalg.norm(v) for c in ranked}
    order = diversify(ranked, vectors)
    for start in range(len(order) - 9):
        window = [c.author_id for c in order[start : start + 10]]
        assert max(window.count(a) for a in set(window)) <= 2


def test_nearby_puts_fresh_and_engaging_first_then_everything_older(make_user, post_note, client_for, monkeypatch):
    from vermilion.feed import queries

    # The fresh window holds the newest three here; the two older notes follow newest first.
    monkeypatch.setattr(queries, "NEARBY_FRESH_LIMIT", 3)
    writer = make_user("writer")
    notes = [post_note(writer, title=f"n{i}")["id"] for i in range(5)]
    Note.objects.update(ip_region="CN-SH")
    for i in range(3):  # the oldest fresh note earns collects
        client_for(make_user(f"fan{i}")).post(f"/api/v1/notes/{notes[2]}/collect")
    api = client_for(make_user("reader", ip_region="CN-SH"))
    seen: list[str] = []
    cursor = ""
    while True:
        page = api.get(f"/api/v1/feed/nearby?limit=2&cursor={cursor}").json()
        seen += ids(page)
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [notes[2], notes[4], notes[3], notes[1], notes[0]]


def test_nearby_cursor_from_another_reader_is_refused(make_user, post_note, client_for):
    writer = make_user("writer")
    for i in range(3):
        n = post_note(writer, title=f"n{i}")
        Note.objects.filter(pk=int(n["id"])).update(ip_region="US")
    mine = client_for(make_user("reader_a", ip_region="US")).get("/api/v1/feed/nearby?limit=1").json()
    other = client_for(make_user("reader_b", ip_region="US"))
    response = other.get(f"/api/v1/feed/nearby?limit=1&cursor={mine['next_cursor']}")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_cursor"


def test_dwell_counts_as_a_weak_positive_for_the_ranker(make_user, post_note, client_for):
    from vermilion.feed.learned import training_rows

    note = post_note(make_user("writer"), title="A long read about tea", body="Oolong, pu'er and how to brew them")
    api = client_for(make_user("reader"))
    api.get(DISCOVER)
    api.post("/api/v1/feed/dwell", {"note_id": note["id"], "seconds": 30})
    _, y, weight = training_rows()
    assert len(y) == 1 and y[0] == 1.0 and weight[0] == 0.5
