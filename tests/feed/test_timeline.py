"""Following timelines fanned out on write into Redis: the same pages as the database query."""

from __future__ import annotations

import os
import uuid

import pytest
from django.test import override_settings

from vermilion.feed import timeline
from vermilion.kit import redisclient
from vermilion.notes.models import Note

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.redis]

def _redis_url() -> str:
    from django.conf import settings

    return getattr(settings, "VERMILION_TIMELINE_REDIS_URL", None) or "redis://127.0.0.1:6379/0"


@pytest.fixture(autouse=True)
def redis_timelines():  # type: ignore[no-untyped-def]
    import redis

    url = _redis_url()  # one server, or a cluster (scripts/test.sh runs these on one too)
    try:
        redisclient.sync_client(url, socket_timeout=2).ping()
    except redis.RedisError:
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is required in CI")
        pytest.skip("Redis is not running")
    prefix = f"vermilion-test-{uuid.uuid4().hex[:8]}:"
    with override_settings(VERMILION_TIMELINE_REDIS_URL=url, VERMILION_TIMELINE_PREFIX=prefix):
        yield timeline.client()
    client = redisclient.sync_client(url)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


def following(api, **params):  # type: ignore[no-untyped-def]
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return api.get(f"/api/v1/feed/following?{query}").json()


def ids(page):  # type: ignore[no-untyped-def]
    return [item["id"] for item in page["items"]]


def test_fan_out_reaches_readers_with_a_timeline(make_user, post_note, client_for, redis_timelines):
    reader, author = make_user("reader"), make_user("author")
    api = client_for(reader)
    api.post("/api/v1/users/author/follow")
    assert ids(following(api)) == []  # builds the (empty) timeline
    note = post_note(author, title="fresh")
    members = redis_timelines.zrange(timeline._key(reader.pk), 0, -1)
    assert note["id"].encode() in members  # delivered by the fan-out task, not rebuilt
    assert ids(following(api)) == [note["id"]]


def test_inactive_readers_are_skipped_and_rebuilt_on_return(make_user, post_note, client_for, redis_timelines):
    sleeper, author = make_user("sleeper"), make_user("author")
    api = client_for(sleeper)
    api.post("/api/v1/users/author/follow")
    note = post_note(author, title="while you were away")
    assert not redis_timelines.exists(timeline._key(sleeper.pk))
    assert ids(following(api)) == [note["id"]]
    assert redis_timelines.exists(timeline._key(sleeper.pk))


def test_follows_deletions_and_visibility_are_respected(make_user, post_note, client_for):
    reader, a, b = make_user("reader"), make_user("alpha"), make_user("bravo")
    api = client_for(reader)
    api.post("/api/v1/users/alpha/follow")
    first = post_note(a, title="a1")
    assert ids(following(api)) == [first["id"]]
    older_b = post_note(b, title="b1")
    api.post("/api/v1/users/bravo/follow")  # a new follow rebuilds the timeline
    assert ids(following(api)) == [older_b["id"], first["id"]]
    client_for(a).delete(f"/api/v1/notes/{first['id']}")
    assert ids(following(api)) == [older_b["id"]]
    api.delete("/api/v1/users/bravo/follow")
    assert ids(following(api)) == []


def test_pages_are_complete_past_the_kept_timeline(make_user, post_note, client_for, monkeypatch):
    monkeypatch.setattr(timeline, "TIMELINE_SIZE", 3)
    reader, author = make_user("reader"), make_user("author")
    api = client_for(reader)
    api.post("/api/v1/users/author/follow")
    following(api)
    posted = [post_note(author, title=f"n{i}")["id"] for i in range(7)]
    seen, cursor = [], None
    while True:
        page = following(api, limit=2, **({"cursor": cursor} if cursor else {}))
        seen += ids(page)
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == list(reversed(posted))


def test_big_authors_are_merged_on_read(make_user, post_note, client_for, monkeypatch, redis_timelines):
    monkeypatch.setattr(timeline, "BIG_AUTHOR_FOLLOWERS", 1)
    reader, star = make_user("reader"), make_user("star")
    api = client_for(reader)
    api.post("/api/v1/users/star/follow")
    following(api)
    note = post_note(star, title="to millions")
    assert note["id"].encode() not in redis_timelines.zrange(timeline._key(reader.pk), 0, -1)
    assert ids(following(api)) == [note["id"]]
    assert Note.objects.count() == 1
