"""Discover rankings kept between pages (feed/ranked.py): slices of a kept ranking, refreshed by a
task, and every page re-checked, so that nothing kept can show a note the reader must not see."""

from __future__ import annotations

import time

import numpy as np
import pytest

from vermilion.feed import queries, ranked
from vermilion.feed.models import Impression
from vermilion.feed.ranked import Ranking

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.redis]

DISCOVER = "/api/v1/feed/discover"


def ids(page):  # type: ignore[no-untyped-def]
    return [item["id"] for item in page["items"]]


@pytest.fixture
def keep(settings):  # type: ignore[no-untyped-def]
    """Rankings kept as in production (the test settings rank every first page anew)."""
    settings.VERMILION_DISCOVER_MAX_AGE_SECONDS = 1800
    settings.VERMILION_DISCOVER_REFRESH_SECONDS = 600
    settings.VERMILION_DISCOVER_SIGNAL_SETTLE_SECONDS = 60
    return settings


def scroll(api, first, limit):  # type: ignore[no-untyped-def]
    """Every page after `first`, by its cursors; the items of all of them."""
    items = []
    cursor = first["next_cursor"]
    while cursor:
        page = api.get(f"{DISCOVER}?limit={limit}&cursor={cursor}").json()
        items += page["items"]
        cursor = page["next_cursor"]
    return items


def _slot(user):  # type: ignore[no-untyped-def]
    return ranked.store().read(ranked.reader_key(user.pk))


def _community(make_user, post_note, notes=12):  # type: ignore[no-untyped-def]
    # Six authors with two notes each: the author cap (two in any ten) lets every note in.
    authors = [make_user(f"author{i}") for i in range(6)]
    return authors, [post_note(authors[i % 6], title=f"note number {i}", body=f"body {i} #topic{i % 3}")
                     for i in range(notes)]


def test_a_first_page_keeps_its_ranking_and_the_next_pages_slice_it(make_user, post_note, client_for, keep,
                                                                      monkeypatch):
    _community(make_user, post_note)
    reader = make_user("reader")
    api = client_for(reader)
    api.get(DISCOVER)  # nothing kept: the shared ranking, while theirs is made (tests run tasks at once)
    first_impressions = Impression.objects.filter(user=reader).latest("id").pk
    first = api.get(f"{DISCOVER}?limit=5").json()
    kept = _slot(reader).current
    assert kept is not None and ids(first) == [str(i) for i in kept.ids[:5]]
    # Later pages never rank again while the ranking is kept.
    monkeypatch.setattr(queries, "rank_discover", lambda *a, **k: pytest.fail("ranked again"))
    seen = ids(first) + [item["id"] for item in scroll(api, first, 5)]
    assert seen == [str(i) for i in kept.ids]
    assert len(seen) == len(set(seen)) == 12
    # What was shown is recorded with the features it was ranked by, for the learned ranker.
    shown = Impression.objects.filter(user=reader, id__gt=first_impressions)
    assert shown.count() == 12 and all(len(i.features) == 12 for i in shown)


def test_a_block_mute_or_dismissal_holds_on_the_very_next_page(make_user, post_note, client_for, keep):
    authors, notes = _community(make_user, post_note)
    reader = make_user("reader")
    api = client_for(reader)
    first = api.get(f"{DISCOVER}?limit=3").json()
    kept = _slot(reader).current
    assert kept is not None
    rest = [str(i) for i in kept.ids[3:]]
    blocked = authors[0]
    assert api.post(f"/api/v1/users/{blocked.username}/block").status_code == 200
    assert api.post(f"/api/v1/users/{authors[1].username}/mute").status_code == 200
    by_third = {n["id"] for n in notes[2::6]}
    dismissed = next(i for i in rest if i in by_third)
    assert api.post("/api/v1/feed/feedback", {"note_id": dismissed, "kind": "not_interested"}).status_code == 200
    seen = scroll(api, first, 3)
    authors_seen = {item["author"]["username"] for item in seen}
    assert blocked.username not in authors_seen and authors[1].username not in authors_seen
    assert dismissed not in [item["id"] for item in seen]
    assert seen, "the others' notes are still there"
    # A fresh first page after the block is ranked anew and never shows them either.
    again = api.get(DISCOVER).json()
    assert not {item["author"]["username"] for item in again["items"]} & {blocked.username, authors[1].username}


def test_a_kept_ranking_serves_until_refreshed_by_the_task(make_user, post_note, client_for, keep):
    authors, _ = _community(make_user, post_note, notes=6)
    reader = make_user("reader")
    api = client_for(reader)
    api.get(DISCOVER)
    newer = post_note(authors[2], title="a note posted after the ranking", body="fresh #topic1")
    assert newer["id"] not in ids(api.get(DISCOVER).json())  # the kept ranking serves
    keep.VERMILION_DISCOVER_REFRESH_SECONDS = 0  # now it is old: this page asks the worker for a new one
    served = api.get(DISCOVER).json()
    assert newer["id"] not in ids(served)  # still served from the kept one, at once
    assert newer["id"] in ids(api.get(DISCOVER).json())  # the task ran (tests run tasks at once)


def test_likes_settle_before_a_refresh_and_one_refresh_is_asked_for(make_user, post_note, client_for, keep,
                                                                   monkeypatch):
    _, notes = _community(make_user, post_note, notes=6)
    reader = make_user("reader")
    api = client_for(reader)
    api.get(DISCOVER)
    asked: list[object] = []
    monkeypatch.setattr(queries, "enqueue", lambda *a, **k: asked.append(a))
    api.post(f"/api/v1/notes/{notes[0]['id']}/like")
    assert _slot(reader).stale_at is not None
    api.get(DISCOVER)
    assert asked == []  # signals have not settled yet
    keep.VERMILION_DISCOVER_SIGNAL_SETTLE_SECONDS = 0
    api.get(DISCOVER)
    api.get(DISCOVER)
    assert len(asked) == 1  # claimed once until the refresh lands


def test_a_refresh_that_crashes_leaves_the_kept_ranking_serving(make_user, post_note, client_for, keep, monkeypatch):
    from vermilion.feed import discover

    _community(make_user, post_note, notes=6)
    reader = make_user("reader")
    api = client_for(reader)
    api.get(DISCOVER)
    kept = ids(api.get(DISCOVER).json())
    keep.VERMILION_DISCOVER_REFRESH_SECONDS = 0

    def crash(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the worker died mid-ranking")

    monkeypatch.setattr(discover, "build_ranking", crash)
    response = api.get(DISCOVER)
    assert response.status_code == 200 and ids(response.json()) == kept


def test_a_cursor_whose_ranking_is_gone_ranks_again_at_its_snapshot(make_user, post_note, client_for, keep):
    from vermilion.feed.models import DiscoverRanking

    _community(make_user, post_note)
    reader = make_user("reader")
    api = client_for(reader)
    first = api.get(f"{DISCOVER}?limit=4").json()
    store = ranked.store()
    if isinstance(store, ranked.RedisStore):
        store.client.delete(store._key(ranked.reader_key(reader.pk)))
    DiscoverRanking.objects.all().delete()
    time.sleep(1.1)  # a snapshot reaches a second ahead of the clock
    newer = post_note(make_user("late"), title="after the snapshot", body="late #topic0")
    seen = ids(first) + [item["id"] for item in scroll(api, first, 4)]
    assert len(seen) == len(set(seen)) == 12
    assert newer["id"] not in seen


def test_a_refresh_landing_mid_scroll_does_not_move_the_reader(make_user, post_note, client_for, keep):
    authors, _ = _community(make_user, post_note)
    reader = make_user("reader")
    api = client_for(reader)
    first = api.get(f"{DISCOVER}?limit=4").json()
    post_note(authors[3], title="posted while scrolling", body="new #topic2")
    # Following someone sets the ranking aside and the worker ranks a new one (the reader chose).
    assert api.post(f"/api/v1/users/{authors[0].username}/follow").status_code == 200
    slot = _slot(reader)
    assert slot.current is not None and slot.previous is not None and slot.current.snapshot != slot.previous.snapshot
    seen = ids(first) + [item["id"] for item in scroll(api, first, 4)]
    assert len(seen) == len(set(seen)) == 12  # the scroll read on in the ranking it started in


def test_a_kept_ranking_that_does_not_read_back_is_ranked_again(make_user, post_note, client_for, keep):
    from vermilion.feed.models import DiscoverRanking

    _community(make_user, post_note, notes=4)
    reader = make_user("reader")
    api = client_for(reader)
    store = ranked.store()
    key = ranked.reader_key(reader.pk)
    if isinstance(store, ranked.RedisStore):
        store.client.hset(store._key(key), "cur", b"{not json")
    else:
        DiscoverRanking.objects.create(key=key, current='{"snap": 1, "ids": [1, 2]}')
    page = api.get(DISCOVER)
    assert page.status_code == 200 and len(ids(page.json())) == 4
    assert _slot(reader).current is not None


def test_the_ranking_round_trips():
    ranking = Ranking(snapshot=42, variant="US|en|US", built_at=1.0, ids=[3, 2, 1],
                      reasons=[("topic", "cats"), ("popular", ""), ("new", "")], features=np.ones((3, 12)))
    back = Ranking.from_json(ranking.to_json())
    assert back is not None and back.ids == [3, 2, 1] and back.reasons[0] == ("topic", "cats")
    assert back.candidate(1).features == [1.0] * 12
    assert Ranking.from_json(b"[]") is None and Ranking.from_json("") is None


def test_a_reader_with_nothing_kept_reads_the_shared_ranking_while_theirs_is_made(make_user, post_note, client_for,
                                                                                  anon, keep, monkeypatch):
    authors, _ = _community(make_user, post_note)
    anon.get(DISCOVER)  # a signed-out reader's first page keeps the region's shared ranking
    reader = make_user("reader")
    api = client_for(reader)
    assert api.post(f"/api/v1/users/{authors[0].username}/block").status_code == 200
    asked: list[tuple[object, ...]] = []
    monkeypatch.setattr(queries, "enqueue", lambda task, *args: asked.append(args))
    monkeypatch.setattr(queries, "build_ranking", lambda *a, **k: pytest.fail("ranked in the request"))
    first = api.get(f"{DISCOVER}?limit=4").json()
    assert asked == [(reader.pk, "", "en", "")]  # the worker ranks theirs
    rest = scroll(api, first, 4)
    seen = first["items"] + rest
    assert len({i["id"] for i in seen}) == len(seen) == 10  # twelve notes, two by the blocked author
    assert authors[0].username not in {i["author"]["username"] for i in seen}
    monkeypatch.undo()
    from vermilion.feed.tasks import refresh_discover

    refresh_discover.call(reader.pk, "", "en", "")
    assert _slot(reader).current is not None  # their next fresh page is their own
