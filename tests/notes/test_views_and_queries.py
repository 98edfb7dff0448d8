from __future__ import annotations

import pytest

from tests.conftest import ApiClient
from vermilion.notes.models import Note, Topic
from vermilion.notes.views_counter import discard_pending, flush_views

pytestmark = pytest.mark.django_db


@pytest.mark.redis
def test_views_counted_once_per_viewer_per_day(make_user, post_note, client_for):
    discard_pending()
    author, a, b = make_user(), make_user(), make_user()
    note = post_note(author, body="#views")
    for viewer in (a, a, b):
        client_for(viewer).get(f"/api/v1/notes/{note['id']}")
    ApiClient(remote_addr="8.8.8.8").get(f"/api/v1/notes/{note['id']}")
    ApiClient(remote_addr="8.8.8.8").get(f"/api/v1/notes/{note['id']}")
    flush_views()
    assert Note.objects.get().views_count == 3
    assert Topic.objects.get(key="views").views_count == 3


def test_a_failed_flush_keeps_its_views_and_never_fails_the_page(make_user, post_note, client_for, monkeypatch):
    from django.db import OperationalError

    from vermilion.notes import views_counter
    from vermilion.notes.models import NoteTopic

    discard_pending()
    note = post_note(make_user(), body="#views")
    real_filter = NoteTopic.objects.filter

    def deadlocked(*args, **kwargs):
        raise OperationalError("deadlock detected")

    monkeypatch.setattr(NoteTopic.objects, "filter", deadlocked)
    monkeypatch.setattr(views_counter, "FLUSH_AT", 1)  # every view flushes at once, inside the request
    assert client_for(make_user()).get(f"/api/v1/notes/{note['id']}").status_code == 200
    assert Note.objects.get().views_count == 0  # rolled back with the topics
    monkeypatch.setattr(NoteTopic.objects, "filter", real_filter)
    assert flush_views() == 1
    assert Note.objects.get().views_count == 1
    assert Topic.objects.get(key="views").views_count == 1


def test_query_counts_are_bounded(make_user, post_note, client_for, django_assert_max_num_queries):
    author = make_user()
    readers = [make_user() for _ in range(3)]
    notes = [post_note(author, images=3, body=f"#bounded note {i} @{readers[0].username}") for i in range(6)]
    for reader in readers:
        for note in notes:
            client_for(reader).post(f"/api/v1/notes/{note['id']}/comments", {"body": "nice"})
    api = client_for(readers[0])
    with django_assert_max_num_queries(14):
        assert api.get(f"/api/v1/notes/{notes[0]['id']}").status_code == 200
    with django_assert_max_num_queries(12):
        assert api.get(f"/api/v1/users/{author.username}/notes").status_code == 200
    with django_assert_max_num_queries(12):
        assert api.get("/api/v1/topics/bounded/notes").status_code == 200
    with django_assert_max_num_queries(12):
        assert api.get(f"/api/v1/notes/{notes[0]['id']}/comments").status_code == 200
    with django_assert_max_num_queries(8):
        assert api.get(f"/api/v1/users/{author.username}").status_code == 200


def test_in_production_the_flush_runs_beside_the_request_not_in_it(make_user, post_note, client_for, monkeypatch,
                                                                   settings):
    import threading
    import time

    from vermilion.notes import views_counter

    discard_pending()
    note = post_note(make_user(), body="#views")
    settings.VERMILION_VIEWS_FLUSH_IN_BACKGROUND = True
    monkeypatch.setattr(views_counter, "FLUSH_AT", 1)
    flushed_in: list[str] = []
    done = threading.Event()

    def flush() -> int:
        flushed_in.append(threading.current_thread().name)
        done.set()
        return 0

    monkeypatch.setattr(views_counter, "flush_views", flush)
    assert client_for(make_user()).get(f"/api/v1/notes/{note['id']}").status_code == 200
    assert done.wait(10)
    assert flushed_in == ["views-flush"]  # another thread, started by the request that fell due
    deadline = time.monotonic() + 10
    while views_counter._flusher.running and time.monotonic() < deadline:
        time.sleep(0.01)
    assert views_counter._flusher.running is False  # ready for the next flush
    discard_pending()
