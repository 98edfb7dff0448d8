"""The optional read replica: reads of GET/HEAD requests go to it, every write (and every read of a
writing request or a task) to the primary. The test replica is a mirror of the test database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from vermilion.notes.models import Like, Note
from vermilion.serving.replica import PIN_COOKIE, ReplicaRouter, replica_reads

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])

READS = ("SELECT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "PRAGMA", "SET ", "SHOW ")


@pytest.fixture
def replica(settings) -> Iterator[dict[str, CaptureQueriesContext]]:
    settings.VERMILION_READ_REPLICA = True
    writes_to_replica: list[str] = []

    def guard(execute, sql, params, many, context):  # proves it: any write on the replica fails the test
        if not sql.lstrip().upper().startswith(READS):
            writes_to_replica.append(sql)
            raise AssertionError(f"write sent to the replica: {sql[:80]}")
        return execute(sql, params, many, context)

    with connections["replica"].execute_wrapper(guard):
        yield {"replica": CaptureQueriesContext(connections["replica"]),
               "default": CaptureQueriesContext(connections["default"])}
    assert writes_to_replica == []


def _count(capture: CaptureQueriesContext, verb: str) -> int:
    return sum(1 for q in capture.captured_queries if q["sql"].lstrip().upper().startswith(verb))


def test_reads_of_get_requests_go_to_the_replica_and_writes_to_the_primary(replica, make_user, post_note, client_for):
    author, reader = make_user("author"), make_user("reader")
    note_id = post_note(author, title="replica note")["id"]
    api = client_for(reader)
    with replica["replica"] as on_replica, replica["default"] as on_primary:
        assert api.get(f"/api/v1/notes/{note_id}").json()["title"] == "replica note"
    assert _count(on_replica, "SELECT") > 0
    assert _count(on_primary, "SELECT") == 0  # token, note, author, media: all from the replica

    with replica["replica"] as on_replica, replica["default"] as on_primary:
        response = api.post(f"/api/v1/notes/{note_id}/like")
    assert response.status_code == 200
    assert on_replica.captured_queries == []  # a writing request reads from the primary only
    assert _count(on_primary, "INSERT") >= 1 and Like.objects.filter(user=reader).count() == 1
    # The writer is pinned to the primary for a moment: replication lag cannot hide their own like.
    assert response.cookies[PIN_COOKIE]["max-age"] == 5
    with replica["replica"] as on_replica:
        assert api.get(f"/api/v1/notes/{note_id}").json()["viewer"]["liked"] is True
    assert on_replica.captured_queries == []


def test_every_kind_of_write_goes_to_the_primary(replica, make_user, post_note, client_for):
    """A walk through writing endpoints with the replica guard armed: none may write there."""
    author, reader = make_user("author"), make_user("reader")
    note_id = post_note(author, title="walk")["id"]
    api = client_for(reader)
    calls = [
        ("post", f"/api/v1/notes/{note_id}/like", None), ("post", f"/api/v1/notes/{note_id}/collect", {}),
        ("post", f"/api/v1/notes/{note_id}/comments", {"body": "好看！"}), ("post", "/api/v1/users/author/follow", None),
        ("patch", "/api/v1/me", {"bio": "replica walk"}), ("delete", f"/api/v1/notes/{note_id}/like", None),
        ("get", f"/api/v1/notes/{note_id}/comments", None), ("get", "/api/v1/feed/discover", None),
        ("get", "/api/v1/feed/following", None), ("get", "/api/v1/users/author/notes", None),
    ]
    for method, path, body in calls:
        kwargs = {"json": body} if body is not None else {}
        response = getattr(api, method)(path, **kwargs)
        api.client.cookies.pop(PIN_COOKIE, None)  # let every GET try the replica
        assert response.status_code < 400, (path, response.content)
    assert Note.objects.get(pk=note_id).comments_count == 1


def test_tasks_commands_and_transactions_read_from_the_primary(replica):
    router = ReplicaRouter()
    assert router.db_for_read(Note) == "default"  # no request: a task or a command
    token = replica_reads.set(True)
    try:
        assert router.db_for_read(Note) == "replica"
        from django.db import transaction

        with transaction.atomic():
            assert router.db_for_read(Note) == "default"  # reading what this transaction wrote
    finally:
        replica_reads.reset(token)
    assert router.db_for_write(Note) == "default"
    assert router.allow_migrate("replica", "notes") is False and router.allow_migrate("default", "notes") is True


def test_without_the_setting_everything_stays_on_the_primary(settings, make_user, client_for):
    settings.VERMILION_READ_REPLICA = False
    api = client_for(make_user("reader"))
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert api.get("/api/v1/feed/discover").status_code == 200
    assert on_replica.captured_queries == []
