"""Hot reads replayed per reader without Django (serving/hotcache.py), driven through the site's own
ASGI application: replayed only for the same request and reader, never after a change that could
alter what that reader may see, and never an error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from vermilion.accounts.tokens import issue_token, revoke_token
from vermilion.serving import generations, hotcache

from .asgi_call import call, empty_hot_cache  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_hot_cache"), pytest.mark.redis]


@pytest.fixture
def note_by(post_note: Callable[..., dict[str, Any]]) -> Callable[..., str]:
    return lambda author: str(post_note(author)["id"])


def test_the_same_read_is_replayed_byte_for_byte_with_its_own_request_id(make_user, note_by):
    reader, author = make_user(), make_user()
    note_id, token = note_by(author), issue_token(reader)
    first = call("GET", f"/api/v1/notes/{note_id}", token)
    second = call("GET", f"/api/v1/notes/{note_id}", token)
    assert first.status == 200 and not first.cached
    assert second.status == 200 and second.cached
    assert second.views_as_read == first.views_as_read
    assert second.headers["content-type"] == first.headers["content-type"]
    assert second.headers["x-request-id"] != first.headers["x-request-id"]
    for header in ("x-content-type-options", "referrer-policy"):  # the middleware's headers came along
        assert second.headers.get(header) == first.headers.get(header)


def test_the_readers_own_like_makes_the_next_read_fresh(make_user, note_by):
    reader, author = make_user(), make_user()
    note_id, token = note_by(author), issue_token(reader)
    call("GET", f"/api/v1/notes/{note_id}", token)
    assert call("GET", f"/api/v1/notes/{note_id}", token).cached
    assert call("POST", f"/api/v1/notes/{note_id}/like", token).status == 200
    after = call("GET", f"/api/v1/notes/{note_id}", token)
    assert not after.cached
    assert after.json()["viewer"]["liked"] is True and after.json()["counts"]["likes"] == 1


def test_a_readers_own_like_never_reaches_another_reader(make_user, note_by):
    one, two, author = make_user(), make_user(), make_user()
    note_id = note_by(author)
    token_one, token_two = issue_token(one), issue_token(two)
    call("POST", f"/api/v1/notes/{note_id}/like", token_one)
    assert call("GET", f"/api/v1/notes/{note_id}", token_one).json()["viewer"]["liked"] is True
    for _ in range(2):  # through Django, then from the page the first reader's read left
        assert call("GET", f"/api/v1/notes/{note_id}", token_two).json()["viewer"]["liked"] is False
    assert call("GET", f"/api/v1/notes/{note_id}", token_one).json()["viewer"]["liked"] is True


def test_a_block_hides_the_note_at_once(make_user, note_by):
    from vermilion.graph.actions import do_block

    reader, author = make_user(), make_user()
    note_id, token = note_by(author), issue_token(reader)
    call("GET", f"/api/v1/notes/{note_id}", token)
    assert call("GET", f"/api/v1/notes/{note_id}", token).cached
    do_block(author, reader)
    assert call("GET", f"/api/v1/notes/{note_id}", token).status == 404


def test_a_moderation_removal_hides_the_note_from_every_reader_at_once(make_user, note_by):
    from vermilion.moderation import targets

    reader, author = make_user(), make_user()
    note_id, token = note_by(author), issue_token(reader)
    call("GET", f"/api/v1/notes/{note_id}", token)
    assert call("GET", f"/api/v1/notes/{note_id}", token).cached
    assert targets.set_state("note", int(note_id), targets.REMOVED)
    assert call("GET", f"/api/v1/notes/{note_id}", token).status == 404


def test_an_edit_is_read_at_once(make_user, note_by):
    reader, author = make_user(), make_user()
    note_id, token = note_by(author), issue_token(reader)
    call("GET", f"/api/v1/notes/{note_id}", token)
    edited = call("PATCH", f"/api/v1/notes/{note_id}", issue_token(author), {"title": "改过的标题"})
    assert edited.status == 200
    after = call("GET", f"/api/v1/notes/{note_id}", token)
    assert not after.cached and after.json()["title"] == "改过的标题"


def test_a_revoked_token_is_refused_at_once(make_user, note_by):
    from vermilion.accounts.models import ApiToken

    reader, author = make_user(), make_user()
    note_id, token = note_by(author), issue_token(reader)
    call("GET", f"/api/v1/notes/{note_id}", token)
    revoke_token(ApiToken.objects.get(user=reader))
    refused = call("GET", f"/api/v1/notes/{note_id}", token)
    assert refused.status == 401 and not refused.cached


def test_another_language_or_address_is_another_entry(make_user):
    token = issue_token(make_user())
    call("GET", "/api/v1/feed/following", token)
    assert not call("GET", "/api/v1/feed/following", token, headers={"Accept-Language": "zh-CN"}).cached
    assert not call("GET", "/api/v1/feed/following", token, client="203.0.113.9").cached
    assert call("GET", "/api/v1/feed/following", token, headers={"User-Agent": "other"}).cached


def test_reads_of_routes_that_never_opt_in_make_no_lookup(make_user, monkeypatch):
    token = issue_token(make_user())

    async def never(*args: Any) -> Any:
        raise AssertionError("looked up")

    for name in ("lookup", "lookup_shared", "get_reader"):
        monkeypatch.setattr(hotcache.store, name, never)
    for path in ("/api/v1/me", "/api/v1/notifications", "/api/v1/search/notes?q=cat"):
        answer = call("GET", path, token)
        assert answer.status == 200 and not answer.cached, (path, answer.body[:200])


def test_errors_anonymous_and_cookie_requests_are_never_replayed(make_user, note_by):
    reader, author = make_user(), make_user()
    note_id, token = note_by(author), issue_token(reader)
    for _ in range(2):
        missing = call("GET", "/api/v1/notes/999999999", token)
        assert missing.status == 404 and not missing.cached
        assert not call("GET", f"/api/v1/notes/{note_id}").cached
        assert not call("GET", f"/api/v1/notes/{note_id}", token, headers={"Cookie": "a=b"}).cached


def test_an_entry_expires(make_user, post_note, monkeypatch):
    from vermilion.graph.actions import do_follow

    reader, friend = make_user(), make_user()
    do_follow(reader, friend)
    post_note(friend)
    token = issue_token(reader)
    call("GET", "/api/v1/feed/following", token)
    real = hotcache.time.time
    monkeypatch.setattr(hotcache.time, "time", lambda: real() + 31)  # 10 s fresh, 20 s more while rebuilt
    assert not call("GET", "/api/v1/feed/following", token).cached


def test_past_its_seconds_an_entry_is_replayed_once_more_while_rebuilt(make_user, post_note, monkeypatch):
    from vermilion.graph.actions import do_follow

    reader, friend, fan = make_user(), make_user(), make_user()
    do_follow(reader, friend)
    note_id = post_note(friend)["id"]
    token = issue_token(reader)
    call("GET", "/api/v1/feed/following", token)
    call("POST", f"/api/v1/notes/{note_id}/like", issue_token(fan))  # someone else's: no generation of the reader's
    assert call("GET", "/api/v1/feed/following", token).json()["items"][0]["likes"] == 0
    real = hotcache.time.time
    monkeypatch.setattr(hotcache.time, "time", lambda: real() + 11)
    stale = call("GET", "/api/v1/feed/following", token)
    assert stale.cached and stale.json()["items"][0]["likes"] == 0
    rebuilt = call("GET", "/api/v1/feed/following", token)
    assert rebuilt.cached and rebuilt.json()["items"][0]["likes"] == 1


def test_unreadable_generations_answer_through_django(make_user, note_by, monkeypatch):
    reader, author = make_user(), make_user()
    note_id, token = note_by(author), issue_token(reader)
    call("GET", f"/api/v1/notes/{note_id}", token)

    async def down(*args: Any) -> Any:
        raise ConnectionError("Redis is down")

    for name in ("lookup", "lookup_shared", "get_reader"):
        monkeypatch.setattr(hotcache.store, name, down)
    answer = call("GET", f"/api/v1/notes/{note_id}", token)
    assert answer.status == 200 and not answer.cached
    feed = call("GET", "/api/v1/feed/following", token)
    assert feed.status == 200 and not feed.cached


def test_following_feed_is_replayed_until_the_reader_follows_someone(make_user, post_note):
    from vermilion.graph.actions import do_follow

    reader, friend, other = make_user(), make_user(), make_user()
    do_follow(reader, friend)
    post_note(friend)
    post_note(other)
    token = issue_token(reader)
    first = call("GET", "/api/v1/feed/following", token)
    assert first.status == 200 and len(first.json()["items"]) == 1
    assert call("GET", "/api/v1/feed/following", token).cached
    do_follow(reader, other)
    after = call("GET", "/api/v1/feed/following", token)
    assert not after.cached and len(after.json()["items"]) == 2


def test_discover_is_replayed_until_the_reader_says_not_interested(make_user, post_note):
    reader, author = make_user(), make_user()
    notes = [post_note(author, title=f"猫税 {i}") for i in range(3)]
    token = issue_token(reader)
    first = call("GET", "/api/v1/feed/discover", token)
    assert first.status == 200 and first.json()["items"]
    assert call("GET", "/api/v1/feed/discover", token).cached
    said = call("POST", "/api/v1/feed/feedback", token, {"note_id": notes[0]["id"], "kind": "not_interested"})
    assert said.status == 200
    assert not call("GET", "/api/v1/feed/discover", token).cached


def test_generations_move_with_the_events_once_the_change_commits(make_user):
    """Nothing bumps a generation but the invalidation subscribers (serving/invalidation.py), and
    they run only after the change committed."""
    from django.db import transaction

    from vermilion.graph.actions import do_follow

    reader, other = make_user(), make_user()
    before = generations.read(generations.keys_for(reader.pk))
    with transaction.atomic():
        do_follow(reader, other)
        transaction.set_rollback(True)
    assert generations.read(generations.keys_for(reader.pk)) == before
    with transaction.atomic():
        do_follow(reader, other)
        assert generations.read(generations.keys_for(reader.pk)) == before  # not before the commit
    after = generations.read(generations.keys_for(reader.pk))
    assert after[0] == before[0] + 1 and after[1] == before[1]  # the follower's own; the site's unchanged


def test_the_store_keeps_to_its_byte_bound_dropping_the_least_recently_used():
    store = hotcache.LocalStore(max_bytes=8 * 1500)
    entry = hotcache.Entry(1, (0, 0), 1e18, 1e18, "/r", 200, (), b"x" * 1000)  # ~1,200 bytes counted
    for key in "abcdefghijkl":  # room for ten
        store.put(key, entry)
        if key == "j":  # full; "a" is used again, so "b" and "c" go first
            store.get("a")
    assert store._bytes <= store.max_bytes
    assert len(store) == 10
    assert store.get("a") is not None and store.get("b") is None and store.get("c") is None
    assert store.get("l") is not None
    store.put("huge", hotcache.Entry(1, (0, 0), 1e18, 1e18, "/r", 200, (), b"x" * 5000))  # over an eighth: not kept
    assert store.get("huge") is None
