"""With Redis gone, the following feed answers from the database and publishing still works."""

from __future__ import annotations

import socket

import pytest

from vermilion.feed import timeline

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


# A cluster none of whose nodes answers fails otherwise inside redis-py (kit/redisclient.py).
@pytest.fixture(params=["redis://127.0.0.1:{port}/0", "redis+cluster://127.0.0.1:{port}"])
def dead_redis(settings, request):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.VERMILION_TIMELINE_REDIS_URL = request.param.format(port=port)
    timeline._client.cache_clear()
    yield
    timeline._client.cache_clear()


def test_following_falls_back_to_the_database(make_user, post_note, client_for, dead_redis):
    reader, followed, stranger = make_user("reader"), make_user("followed"), make_user("stranger")
    api = client_for(reader)
    assert api.post("/api/v1/users/followed/follow").status_code == 200
    # Publishing fans out to timelines: with Redis down it is skipped, not a failed publish.
    posted = [post_note(followed, title=f"f{i}")["id"] for i in range(5)]
    post_note(stranger, title="not followed")
    first = api.get("/api/v1/feed/following?limit=3")
    assert first.status_code == 200
    rest = api.get(f"/api/v1/feed/following?limit=3&cursor={first.json()['next_cursor']}").json()
    assert [i["id"] for i in first.json()["items"] + rest["items"]] == list(reversed(posted))
    assert rest["next_cursor"] is None
