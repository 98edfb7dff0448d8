"""Discover, following and nearby through the API: sources, reasons, controls, fairness, cursors."""

from __future__ import annotations

import time

import pytest

from vermilion.feed.models import NoteEmbedding
from vermilion.feed.ranking import AUTHOR_CAP, AUTHOR_WINDOW, Candidate, reserve_exploration
from vermilion.notes.models import Note

pytestmark = pytest.mark.django_db(transaction=True)

DISCOVER = "/api/v1/feed/discover"


def ids(page):  # type: ignore[no-untyped-def]
    return [item["id"] for item in page["items"]]


def test_published_notes_are_embedded_by_a_task(make_user, post_note):
    note = post_note(make_user(), title="周末去吃火锅", body="麻辣火锅 #火锅")
    embedding = NoteEmbedding.objects.get(note_id=int(note["id"]))
    assert len(bytes(embedding.vector)) == 512 * 2  # float16


def test_taste_crosses_languages(make_user, post_note, client_for):
    reader, cook, other = make_user("reader"), make_user("cook"), make_user("other")
    liked = post_note(cook, title="Best hotpot in Chengdu", body="Spicy Sichuan hotpot with friends #food")
    chinese = post_note(cook, title="成都最好吃的火锅", body="麻辣火锅，和朋友一起吃 #美食")
    unrelated = post_note(other, title="New running shoes", body="Testing trail shoes on a muddy track #running")
    api = client_for(reader)
    api.post(f"/api/v1/notes/{liked['id']}/like")
    page = api.get(DISCOVER).json()
    order = ids(page)
    assert liked["id"] in order  # liking does not hide; "not interested" does
    assert order.index(chinese["id"]) < order.index(unrelated["id"])
    reason = next(item["reason"] for item in page["items"] if item["id"] == chinese["id"])
    assert reason.startswith("Because you liked notes about") or reason == "Similar to notes you liked"


def test_co_engagement_source_after_training(make_user, post_note, client_for):
    from vermilion.feed.tasks import train_co_engagement

    author, niche_author = make_user("author"), make_user("niche")
    a = post_note(author, title="Latte art basics", body="milk and patience #coffee")
    b = post_note(niche_author, title="Hand-built kiln", body="weekend pottery project #crafts")
    fans = [make_user(f"fan{i}") for i in range(4)]
    for fan in fans:
        client_for(fan).post(f"/api/v1/notes/{a['id']}/like")
        client_for(fan).post(f"/api/v1/notes/{b['id']}/like")
    # popular filler the reader has no relation to
    filler = make_user("filler")
    for i in range(6):
        post_note(filler, title=f"Sunset {i}", body="sky #photography")
    assert train_co_engagement.call() == 2
    reader = make_user("reader")
    client_for(reader).post(f"/api/v1/notes/{a['id']}/like")
    page = client_for(reader).get(DISCOVER).json()
    item = next(i for i in page["items"] if i["id"] == b["id"])
    assert item["reason"] in ("Liked by people with your taste",) or item["reason"].startswith("Because you")
    assert ids(page).index(b["id"]) < 4


def test_feedback_changes_the_next_page(make_user, post_note, client_for):
    reader, cats, dogs = make_user("reader"), make_user("cats"), make_user("dogs")
    cat_notes = [post_note(cats, title=f"cat {i}", body="meow #猫税") for i in range(2)]
    dog = post_note(dogs, title="dog", body="woof #dogs")
    api = client_for(reader)
    assert api.post("/api/v1/feed/feedback", {"note_id": dog["id"], "kind": "not_interested"}).status_code == 200
    assert dog["id"] not in ids(api.get(DISCOVER).json())
    api.post("/api/v1/feed/feedback", {"note_id": cat_notes[0]["id"], "kind": "less_from_author"})
    assert not set(ids(api.get(DISCOVER).json())) & {n["id"] for n in cat_notes}


def test_feedback_bad_input(make_user, post_note, client_for, anon):
    reader = make_user()
    api = client_for(reader)
    assert api.post("/api/v1/feed/feedback", {"note_id": "123", "kind": "not_interested"}).status_code == 404
    private = post_note(make_user(), visibility="private")
    assert api.post("/api/v1/feed/feedback", {"note_id": private["id"], "kind": "not_interested"}).status_code == 404
    assert api.post("/api/v1/feed/feedback", {"note_id": private["id"], "kind": "hate"}).status_code == 400
    assert anon.post("/api/v1/feed/feedback", {"note_id": private["id"], "kind": "not_interested"}).status_code == 401


def test_pages_never_repeat_and_authors_are_capped(make_user, post_note, client_for):
    prolific, others = make_user("prolific"), [make_user(f"other{i}") for i in range(5)]
    for i in range(12):
        post_note(prolific, title=f"prolific {i}", body="#daily")
    for i, person in enumerate(others):
        for j in range(4):
            post_note(person, title=f"note {i}-{j}", body="#daily")
    api = client_for(make_user("reader"))
    pages = [api.get(f"{DISCOVER}?limit=10").json()]
    while pages[-1]["next_cursor"]:
        pages.append(api.get(f"{DISCOVER}?limit=10&cursor={pages[-1]['next_cursor']}").json())
    seen = [note_id for page in pages for note_id in ids(page)]
    assert len(seen) == len(set(seen)) >= 20
    authors = [item["author"]["username"] for page in pages for item in page["items"]]
    for start in range(max(1, len(authors) - AUTHOR_WINDOW + 1)):
        assert authors[start:start + AUTHOR_WINDOW].count("prolific") <= AUTHOR_CAP


def test_cursors_are_checked(make_user, post_note, client_for):
    for i in range(3):
        post_note(make_user(), title=f"n{i}")
    mine, theirs = client_for(make_user("mine")), client_for(make_user("them"))
    cursor = mine.get(f"{DISCOVER}?limit=1").json()["next_cursor"]
    assert theirs.get(f"{DISCOVER}?cursor={cursor}").json()["error"]["code"] == "invalid_cursor"
    assert mine.get(f"{DISCOVER}?cursor=garbage").status_code == 400
    assert mine.get("/api/v1/feed/following?cursor=garbage").status_code == 400


def test_newcomer_without_anything_gets_a_first_page(make_user, post_note, anon):
    for i in range(5):
        post_note(make_user(), title=f"hello {i}")
    page = anon.get(DISCOVER).json()
    assert len(page["items"]) == 5
    assert all(item["reason"] for item in page["items"])


def test_following_is_complete_and_in_order(make_user, post_note, client_for):
    reader, followed, stranger = make_user("reader"), make_user("followed"), make_user("stranger")
    api = client_for(reader)
    api.post("/api/v1/users/followed/follow")
    posted = [post_note(followed, title=f"f{i}")["id"] for i in range(5)]
    post_note(stranger, title="not followed")
    first = api.get("/api/v1/feed/following?limit=3").json()
    rest = api.get(f"/api/v1/feed/following?limit=3&cursor={first['next_cursor']}").json()
    assert ids(first) + ids(rest) == list(reversed(posted))


def test_nearby_uses_region(make_user, post_note, client_for, anon):
    local, far = make_user("local"), make_user("faraway")
    mine = post_note(local, title="早茶")
    theirs = post_note(far, title="bagels")
    Note.objects.filter(pk=int(mine["id"])).update(ip_region="CN-GD")
    Note.objects.filter(pk=int(theirs["id"])).update(ip_region="US")
    reader = make_user("reader", ip_region="CN-GD")
    assert ids(client_for(reader).get("/api/v1/feed/nearby").json()) == [mine["id"]]
    # An anonymous reader from an unknown (private) address gets an empty, well-formed page.
    assert anon.get("/api/v1/feed/nearby").json()["items"] == []


def test_exploration_slots_are_reserved():
    from datetime import UTC, datetime

    def cand(note_id: int) -> Candidate:
        return Candidate(note_id, note_id, (), 0, 0, 0, datetime.now(UTC), "en", "")

    ranked = [cand(i) for i in range(1, 21)]
    fresh = {19, 20}
    order = [c.note_id for c in reserve_exploration(ranked, fresh)]
    assert order[4] == 19 and order[9] == 20
    assert sorted(order) == list(range(1, 21))


def test_muted_words_and_topics_and_the_discovery_setting(make_user, post_note, client_for):
    reader, writer = make_user("reader"), make_user("writer")
    spoiler = post_note(writer, title="結局劇透", body="the ending of the show")  # Traditional script
    cats = post_note(writer, title="cat again", body="#猫税")
    keep = post_note(writer, title="hiking trip", body="#hiking")
    api = client_for(reader)
    saved = api.patch("/api/v1/feed/preferences", {"muted_words": ["剧透", " ＳＰＯＩＬＥＲ "], "muted_topics": ["#貓稅"],
                                                   "discovery": 80})
    assert saved.status_code == 200
    assert saved.json() == {"muted_words": ["剧透", "spoiler"], "muted_topics": ["猫税"], "discovery": 80,
                            "nearby_region": ""}
    page = ids(api.get(DISCOVER).json())
    assert keep["id"] in page and spoiler["id"] not in page and cats["id"] not in page
    assert api.get("/api/v1/feed/preferences").json()["discovery"] == 80


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"muted_words": ["  "]}, "empty_word"),
        ({"muted_topics": ["#"]}, "empty_word"),
        ({"muted_words": ["x" * 21]}, "too_long"),
        ({"muted_words": [f"w{i}" for i in range(51)]}, "too_many"),
        ({"discovery": 101}, "out_of_range"),
        ({"discovery": -1}, "out_of_range"),
    ],
)
def test_bad_preferences_change_nothing(make_user, client_for, payload, code):
    api = client_for(make_user("careful"))
    api.patch("/api/v1/feed/preferences", {"muted_words": ["keep"], "discovery": 30})
    response = api.patch("/api/v1/feed/preferences", {**payload, "muted_topics": ["ok"]} if "muted_topics" not in payload
                         else payload)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert api.get("/api/v1/feed/preferences").json() == {"muted_words": ["keep"], "muted_topics": [], "discovery": 30,
                                                          "nearby_region": ""}


def test_followed_authors_come_with_a_reason(make_user, post_note, client_for):
    reader, friend = make_user("reader"), make_user("friend")
    for i in range(3):
        post_note(make_user(f"stranger{i}"), title=f"stranger {i}")
    mine = post_note(friend, title="from a friend")
    api = client_for(reader)
    api.post("/api/v1/users/friend/follow")
    item = next(i for i in api.get(DISCOVER).json()["items"] if i["id"] == mine["id"])
    assert item["reason"] == "From someone you follow"


def test_repeated_titles_wait_and_topics_are_spread():
    from datetime import UTC, datetime

    from vermilion.feed.ranking import TOPIC_CAP, diversify

    now = datetime.now(UTC)
    flood = [Candidate(i, 100 + i, ("cattax",), 0, 0, 0, now, "en", "", title_key="paying my cat tax")
             for i in range(5)]
    varied = [Candidate(10 + i, 200 + i, ("cattax",) if i < 4 else (f"t{i}",), 0, 0, 0, now, "en", "",
                        title_key=f"note {i}") for i in range(10)]
    order = diversify(flood + varied)
    titles = [c.title_key for c in order]
    assert titles[0] == "paying my cat tax" and titles.count("paying my cat tax") == 5
    assert titles.index("paying my cat tax", 1) > 9  # copies come after everything else
    # Six notes on other topics exist, so the first nine hold at most TOPIC_CAP on #cattax.
    assert [c.topic_keys[0] for c in order[:9]].count("cattax") == TOPIC_CAP


def test_low_effort_posts_are_demoted_for_readers_not_into_them(make_user, post_note, client_for):
    careful = post_note(make_user("careful"), title="A long walk along the river",
                        body="Three hours, two bridges and a very good noodle shop at the end.")
    lazy = post_note(make_user("lazy"), title="cat", body="🐱")  # newer, but says nothing
    order = ids(client_for(make_user("reader")).get(DISCOVER).json())
    assert order.index(careful["id"]) < order.index(lazy["id"])


def test_nearby_can_use_a_chosen_region(make_user, post_note, client_for):
    gz = post_note(make_user("cantonese"), title="早茶")
    Note.objects.filter(pk=int(gz["id"])).update(ip_region="CN-GD")
    api = client_for(make_user("visitor", ip_region="US"))
    assert ids(api.get("/api/v1/feed/nearby").json()) == []
    assert api.patch("/api/v1/feed/preferences", {"nearby_region": "CN-GD"}).json()["nearby_region"] == "CN-GD"
    assert ids(api.get("/api/v1/feed/nearby").json()) == [gz["id"]]
    assert api.patch("/api/v1/feed/preferences", {"nearby_region": "Guangzhou"}).status_code == 400  # too long
    for bad in ("ZZ", "EU", "cn-gd", "Canton", "X" * 8):
        response = api.patch("/api/v1/feed/preferences", {"nearby_region": bad})
        assert response.status_code == 400 and response.json()["error"]["code"] == "unknown_region"
    assert api.get("/api/v1/feed/preferences").json()["nearby_region"] == "CN-GD"


def test_dwell_is_recorded_and_checked(make_user, post_note, client_for, anon):
    from vermilion.feed.models import Dwell

    note = post_note(make_user("writer"), title="long read")
    api = client_for(make_user("reader"))
    assert api.post("/api/v1/feed/dwell", {"note_id": note["id"], "seconds": 42}).status_code == 200
    assert Dwell.objects.get().seconds == 42
    assert api.post("/api/v1/feed/dwell", {"note_id": note["id"], "seconds": 0}).status_code == 400
    assert api.post("/api/v1/feed/dwell", {"note_id": note["id"], "seconds": 99999}).status_code == 400
    assert api.post("/api/v1/feed/dwell", {"note_id": "123", "seconds": 5}).status_code == 404
    assert anon.post("/api/v1/feed/dwell", {"note_id": note["id"], "seconds": 5}).status_code == 401
    assert Dwell.objects.count() == 1


def test_the_shared_window_is_reused_yet_visibility_is_checked_per_page(make_user, post_note, client_for, settings):
    """Production reads the newest notes once a minute per process (feed/window.py): a new note
    waits for the next build, while a note deleted or hidden meanwhile is gone from the next page."""
    from vermilion.feed import window

    settings.VERMILION_FEED_WINDOW_SECONDS = 60
    window.forget()
    try:
        author = make_user("windowed")
        first = post_note(author, title="before the window", body="#window")
        gone = post_note(author, title="deleted later", body="#window")
        reader = client_for(make_user("window_reader"))
        assert {first["id"], gone["id"]} <= set(ids(reader.get(DISCOVER).json()))
        built = window.shared_window()

        late = post_note(author, title="after the window", body="#window")
        client_for(author).delete(f"/api/v1/notes/{gone['id']}")
        page = ids(reader.get(DISCOVER).json())
        assert window.shared_window() is built  # nothing was read again
        assert first["id"] in page and gone["id"] not in page
        assert late["id"] not in page  # eligible from the next build, at most a minute away

        window.forget()
        assert late["id"] in ids(reader.get(DISCOVER).json())
    finally:
        window.forget()


def test_a_stale_window_is_served_while_the_next_one_is_built_in_the_background(settings, monkeypatch):
    """Only the first build of a process happens inside a request; later ones happen beside it."""
    import threading

    from vermilion.feed import window

    settings.VERMILION_FEED_WINDOW_SECONDS = 60
    started, release = threading.Event(), threading.Event()
    builds: list[window.Window] = []

    def slow_build() -> window.Window:
        built = window.Window(built_at=time.monotonic(), recent=[len(builds)], fresh=[], facts={})
        builds.append(built)
        if len(builds) > 1:  # the background build: hold it until the test has looked
            started.set()
            release.wait(10)
        return built

    monkeypatch.setattr(window, "_build", slow_build)
    window.forget()
    try:
        first = window.shared_window()
        first.built_at -= 120  # a minute past its age
        assert window.shared_window() is first  # served at once, stale
        assert started.wait(10)
        assert window.shared_window() is first  # one background build at a time
        release.set()
        deadline = time.monotonic() + 10
        while window.shared_window() is first and time.monotonic() < deadline:
            time.sleep(0.01)
        assert window.shared_window() is builds[1] and len(builds) == 2
    finally:
        release.set()
        window.forget()
