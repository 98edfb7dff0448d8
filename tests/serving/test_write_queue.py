"""SQLite's single writer: writing requests queue in the web process and a long queue is a 503."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection

from tests.conftest import race
from vermilion.notes.models import Note
from vermilion.serving import middleware

pytestmark = pytest.mark.django_db(transaction=True)


def test_writers_take_turns_and_all_succeed(make_user, client_for, ready_image):
    """Eight people posting at the same moment: eight notes, no error (a 500 before the queue)."""
    people = [make_user(f"burst{i}") for i in range(8)]
    media = {p.pk: str(ready_image(p).pk) for p in people}
    clients = [client_for(p) for p in people]

    def post(index: int) -> int:
        response = clients[index].post("/api/v1/notes", {"title": f"burst {index}", "body": "#burst",
                                                         "media_ids": [media[people[index].pk]]})
        return int(response.status_code)

    statuses = race([lambda i=i: post(i) for i in range(len(people))])
    assert sorted(statuses) == [201] * len(people)
    assert Note.objects.filter(title__startswith="burst").count() == len(people)


def test_a_queue_too_long_answers_503_in_the_users_language(make_user, client_for, ready_image, settings):
    settings.VERMILION_WRITE_QUEUE_SECONDS = 0.2
    author = make_user("waiting")
    api = client_for(author, language="zh-CN")
    image = str(ready_image(author).pk)
    with middleware._sqlite_writers:  # another request is writing and does not finish in time
        response = api.post("/api/v1/notes", {"title": "等一下", "body": "#busy", "media_ids": [image]})
    if connection.vendor != "sqlite":
        # PostgreSQL locks rows, not the database: nothing queues in the web process.
        assert response.status_code == 201
        return
    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert response.json()["error"] == {"code": "busy", "message": "服务器繁忙，请稍后再试。"}
    assert not Note.objects.filter(title="等一下").exists()  # nothing half-written
    assert api.get("/api/v1/me").status_code == 200  # reads never queue


def test_the_other_process_holding_the_lock_is_a_503_too(make_user, client_for, ready_image, monkeypatch):
    """The task worker is another process: the database's own wait at BEGIN may run out as well."""
    author = make_user("locked")
    api = client_for(author)
    image = str(ready_image(author).pk)
    opening = connection.set_autocommit

    def locked(autocommit: bool, **kwargs: object) -> None:
        if not autocommit:  # the request's transaction begins
            raise OperationalError("database is locked")
        opening(autocommit, **kwargs)

    monkeypatch.setattr(connection, "set_autocommit", locked)
    response = api.post("/api/v1/notes", {"title": "x", "body": "y", "media_ids": [image]})
    monkeypatch.undo()
    assert response.status_code == 503 and response.json()["error"]["code"] == "busy"
    assert not Note.objects.filter(title="x").exists()
