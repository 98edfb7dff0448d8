"""A note's page shared by its readers (serving/hotcache.py, serving/note_page.py), through the site's
own ASGI application: byte for byte what Django would answer that reader, each reader's like and
collect their own, and the visibility query run for every reader on every read — blocks, mutes,
audiences and regional rules hold even when nothing told the cache they changed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest

from vermilion.accounts.tokens import issue_token
from vermilion.notes.models import Note
from vermilion.serving import asyncdb, hotcache

from .asgi_call import Answer, call, empty_hot_cache  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_hot_cache"), pytest.mark.redis]


@pytest.fixture
def note_by(post_note: Callable[..., dict[str, Any]]) -> Callable[..., str]:
    return lambda author, **extra: str(post_note(author, **extra)["id"])


def read(note_id: str, token: str, **kwargs: Any) -> Answer:
    return call("GET", f"/api/v1/notes/{note_id}", token, **kwargs)


def through_django_then_shared(note_id: str, token: str, **kwargs: Any) -> tuple[Answer, Answer]:
    """A reader's first read goes through Django (it learns whose the token is); the next is shared."""
    first, second = read(note_id, token, **kwargs), read(note_id, token, **kwargs)
    assert first.status == 200 and not first.cached
    assert second.status == 200 and second.shared
    return first, second


def test_one_page_serves_every_reader_byte_for_byte_as_django_would(make_user, note_by):
    author, one, two = make_user(), make_user(), make_user()
    note_id = note_by(author)
    read(note_id, issue_token(one))  # Django keeps the page
    token = issue_token(two)
    first, second = through_django_then_shared(note_id, token)
    assert second.views_as_read == first.views_as_read
    assert second.headers["content-language"] == first.headers["content-language"]
    assert second.headers["x-request-id"] != first.headers["x-request-id"]


def test_counts_are_read_afresh_for_every_shared_read(make_user, note_by):
    author, reader, fan, commenter = make_user(), make_user(), make_user(), make_user()
    note_id, token = note_by(author), issue_token(reader)
    _, before = through_django_then_shared(note_id, token)
    assert before.json()["counts"]["likes"] == 0 and before.json()["counts"]["comments"] == 0
    # Other people's like and comment change neither this reader's generation nor the site's.
    assert call("POST", f"/api/v1/notes/{note_id}/like", issue_token(fan)).status == 200
    assert call("POST", f"/api/v1/notes/{note_id}/comments", issue_token(commenter),
                body={"body": "cat tax paid"}).status == 201
    after = read(note_id, token)
    assert after.shared
    assert after.json()["counts"]["likes"] == 1 and after.json()["counts"]["comments"] == 1
    assert after.json()["viewer"]["liked"] is False
    assert after.views_as_read.replace(b'"likes": 1', b'"likes": 0').replace(b'"comments": 1', b'"comments": 0') \
        == before.views_as_read


def test_the_authors_new_name_is_on_the_page_once_it_is_rebuilt(make_user, note_by, monkeypatch):
    """What a shared page may show stale (notes/api.py): its author's name, for its seconds."""
    from vermilion.notes.api import NOTE_REPLAY_SECONDS
    from vermilion.serving import hotstore

    monkeypatch.setattr(hotstore, "READER_SECONDS", 10 * NOTE_REPLAY_SECONDS)  # outlives the page here
    author, reader = make_user(), make_user()
    note_id, token = note_by(author), issue_token(reader)
    through_django_then_shared(note_id, token)
    author.display_name = "Renamed 改名"
    author.save()
    assert read(note_id, token).json()["author"]["display_name"] != "Renamed 改名"
    real = hotcache.time.time
    monkeypatch.setattr(hotcache.time, "time", lambda: real() + NOTE_REPLAY_SECONDS + 1)
    stale = read(note_id, token)  # replayed while one request rebuilds it
    assert stale.shared and stale.json()["author"]["display_name"] != "Renamed 改名"
    rebuilt = read(note_id, token)
    assert rebuilt.shared and rebuilt.json()["author"]["display_name"] == "Renamed 改名"
    rebuilt_at = NOTE_REPLAY_SECONDS + 1
    monkeypatch.setattr(hotcache.time, "time", lambda: real() + rebuilt_at + 3 * NOTE_REPLAY_SECONDS + 1)
    assert not read(note_id, token).cached  # three times its seconds after the rebuild, only Django answers


def test_each_readers_like_and_collect_are_read_for_them(make_user, note_by):
    author, reader, other = make_user(), make_user(), make_user()
    note_id, token = note_by(author), issue_token(reader)
    read(note_id, issue_token(other))
    assert call("POST", f"/api/v1/notes/{note_id}/like", token).status == 200
    assert call("POST", f"/api/v1/notes/{note_id}/collect", token).status == 200
    django, shared = through_django_then_shared(note_id, token)
    assert shared.views_as_read == django.views_as_read
    viewer = shared.json()["viewer"]
    assert viewer["liked"] is True and viewer["collected"] is True and viewer["board_id"]
    assert read(note_id, issue_token(other)).json()["viewer"] == {"liked": False, "collected": False,
                                                                   "board_id": None, "is_author": False}


def test_the_author_is_never_served_the_readers_page(make_user, note_by):
    author, reader = make_user(), make_user()
    note_id = note_by(author)
    read(note_id, issue_token(reader))
    token = issue_token(author)
    for _ in range(2):
        mine = read(note_id, token)
        assert not mine.cached
        assert mine.json()["viewer"]["is_author"] is True and mine.json()["moderation"] == "ok"


def test_a_block_written_behind_the_caches_back_still_hides_the_note(make_user, note_by):
    """The generations are bumped on every block; this proves the per-read query holds without them."""
    from vermilion.graph.models import Block, Mute

    author, reader, muter = make_user(), make_user(), make_user()
    note_id = note_by(author)
    tokens = {reader.pk: issue_token(reader), muter.pk: issue_token(muter)}
    for token in tokens.values():
        through_django_then_shared(note_id, token)
    Block.objects.create(blocker=author, blocked=reader)
    Mute.objects.create(muter=muter, muted=author)
    for token in tokens.values():
        hidden = read(note_id, token)
        assert hidden.status == 404 and not hidden.cached


def test_a_followers_only_note_is_shared_with_followers_only(make_user, note_by):
    from vermilion.graph.actions import do_follow
    from vermilion.graph.models import Follow

    author, follower, stranger = make_user(), make_user(), make_user()
    do_follow(follower, author)
    note_id = note_by(author, visibility="followers")
    through_django_then_shared(note_id, issue_token(follower))
    token = issue_token(stranger)
    call("GET", "/api/v1/feed/following", token)  # Django learns whose the token is
    assert read(note_id, token).status == 404
    Follow.objects.create(follower=stranger, followee=author)  # no generation bumped
    assert read(note_id, token).status == 200


@pytest.mark.parametrize(("address", "blocked_in"), [("8.8.8.8", "US"), ("202.96.128.86", "CN-GD"),
                                                     ("202.96.128.86", "CN")])
def test_regional_rules_apply_where_each_reader_is(make_user, note_by, address, blocked_in):
    from vermilion.moderation.models import RegionalBlock, RegionRule

    author, reader = make_user(), make_user()
    note_id, token = note_by(author), issue_token(reader)
    through_django_then_shared(note_id, token, client=address)
    rule = RegionRule.objects.create(name="Test", regions=[blocked_in], terms=["x"], explanation="Test.")
    RegionalBlock.objects.create(note_id=int(note_id), region=blocked_in, rule=rule)  # no generation bumped
    hidden = read(note_id, token, client=address)
    assert hidden.status == 404 and not hidden.cached
    elsewhere = read(note_id, token, client="81.2.69.142")  # GB
    assert elsewhere.status == 200 and elsewhere.shared


def test_the_accounts_region_applies_when_the_address_has_none(make_user, note_by):
    from vermilion.moderation.models import RegionalBlock, RegionRule

    author, reader = make_user(), make_user(ip_region="HK")
    note_id, token = note_by(author), issue_token(reader)
    through_django_then_shared(note_id, token)  # from 127.0.0.1: no region
    rule = RegionRule.objects.create(name="Test", regions=["HK"], terms=["x"], explanation="Test.")
    RegionalBlock.objects.create(note_id=int(note_id), region="HK", rule=rule)
    assert read(note_id, token).status == 404


def test_language_is_part_of_the_page(make_user, note_by):
    author, reader, chinese = make_user(), make_user(), make_user(ui_language="zh-hans")
    note_id = note_by(author)
    english = through_django_then_shared(note_id, issue_token(reader))[1]
    token = issue_token(chinese)
    saved = read(note_id, token)
    assert not saved.cached and saved.headers["content-language"] == "zh-hans"
    assert read(note_id, token).headers["content-language"] == "zh-hans"
    asked = read(note_id, issue_token(reader), headers={"Accept-Language": "zh-CN"})
    assert not asked.cached and english.headers["content-language"] == "en"


def test_a_shared_read_counts_the_readers_view_once(make_user, note_by):
    from vermilion.notes.views_counter import flush_views

    author, reader = make_user(), make_user()
    note_id, token = note_by(author), issue_token(reader)
    read(note_id, issue_token(make_user()))
    flush_views()
    before = Note.objects.get(pk=note_id).views_count
    read(note_id, token)  # Django: counted
    for _ in range(2):
        assert read(note_id, token).shared  # the same reader again: not counted again
    flush_views()
    assert Note.objects.get(pk=note_id).views_count == before + 1
    Note.objects.filter(pk=note_id).update(views_count=0)
    from datetime import date

    from django.core.cache import cache

    cache.delete(f"nv:{note_id}:u{reader.pk}:{date.today().toordinal()}")  # as on the next day
    assert read(note_id, token).shared
    flush_views()
    assert Note.objects.get(pk=note_id).views_count == 1


@pytest.mark.parametrize(("error", "traceback"), [
    (OSError("the database is restarting"), False),  # an outage: /healthz tells, one line here
    (ValueError("a bug in the check"), True),
])
def test_when_the_check_cannot_read_the_database_django_answers(make_user, note_by, monkeypatch, caplog,
                                                                error, traceback):
    author, reader = make_user(), make_user()
    note_id, token = note_by(author), issue_token(reader)
    through_django_then_shared(note_id, token)

    async def down(*args: Any) -> Any:
        raise error

    monkeypatch.setattr("vermilion.serving.note_page.fetch_row", down)
    with caplog.at_level(logging.WARNING, logger="vermilion.serving.hotcache"):
        answer = read(note_id, token)
    assert answer.status == 200 and not answer.cached
    [logged] = [r for r in caplog.records if r.name == "vermilion.serving.hotcache"]
    assert "the shared answer's check failed" in logged.getMessage()
    assert (logged.exc_info is not None) is traceback
    assert traceback or str(error) in logged.getMessage()


def test_a_token_revoked_while_django_answers_gets_no_reader_record(make_user, note_by, monkeypatch):
    """Django accepted the token, then it was revoked (its generation bumped) before the view read
    the generations: the record would carry the new generation, so the token is checked again."""
    from vermilion.accounts.models import ApiToken
    from vermilion.accounts.tokens import revoke_token

    author, reader = make_user(), make_user()
    note_id, token = note_by(author), issue_token(reader)
    read(note_id, issue_token(make_user()))  # the shared page exists
    real = hotcache.generations.read

    def revoked_first(keys: list[str]) -> tuple[int, ...]:
        monkeypatch.setattr(hotcache.generations, "read", real)
        revoke_token(ApiToken.objects.get(user=reader))
        return real(keys)

    monkeypatch.setattr(hotcache.generations, "read", revoked_first)
    assert read(note_id, token).status == 200  # accepted before the revocation
    refused = read(note_id, token)
    assert refused.status == 401 and not refused.cached


def test_pools_belong_to_their_loop(db):
    import asyncio

    async def twice() -> tuple[Any, Any]:
        first = await asyncdb.fetch_row("default", "SELECT 1", [])
        second = await asyncdb.fetch_row("default", "SELECT 2", [])
        await asyncdb.close_pools()
        return first, second

    assert asyncio.run(twice()) == ((1,), (2,))
    assert asyncio.run(twice()) == ((1,), (2,))


def test_the_server_knows_the_hot_routes_before_its_first_request():
    import vermilion.asgi  # noqa: F401 (what uvicorn loads)

    assert hotcache.route_for("/api/v1/notes/1") is not None
    assert hotcache.route_for("/api/v1/feed/following") is not None
    assert hotcache.route_for("/api/v1/notes/1/comments") is None and hotcache.route_for("/api/v1/me") is None


def test_a_connection_the_server_closed_is_replaced_before_it_is_lent(db, settings, recwarn):
    """A PostgreSQL restart under load: the check's pooled connection is found closed before it is
    lent (no failed read for it) and closed as an asyncio connection must be (awaited)."""
    import asyncio
    import gc

    settings.VERMILION_HOT_CHECK_CONNECTIONS = 1  # the one connection is the one the server closes

    async def across_a_backend_restart() -> tuple[Any, Any]:
        first = await asyncdb.fetch_row("default", "SELECT 1", [])
        if asyncdb.is_postgresql("default"):
            import psycopg

            pool = asyncdb._pools["default"][1]
            async with pool.connection() as conn:
                pid = conn.info.backend_pid
            async with await psycopg.AsyncConnection.connect(**asyncdb._connection_kwargs("default")) as admin:
                await admin.execute("SELECT pg_terminate_backend(%s)", [pid])
            await asyncio.sleep(0.3)
        second = await asyncdb.fetch_row("default", "SELECT 2", [])
        await asyncdb.close_pools()
        return first, second

    assert asyncio.run(across_a_backend_restart()) == ((1,), (2,))
    gc.collect()
    assert not [w for w in recwarn if "never awaited" in str(w.message)]


def test_a_label_the_author_sets_shows_on_the_very_next_read(make_user, note_by):
    """PUT /notes/{id}/disclosure emits NoteChanged like any edit: the shared page is a miss at once."""
    author, reader = make_user(), make_user()
    note_id, token = note_by(author), issue_token(reader)
    _, before = through_django_then_shared(note_id, token)
    assert before.json()["labels"] == []
    labelled = call("PUT", f"/api/v1/notes/{note_id}/disclosure", issue_token(author),
                    body={"sponsored": True, "ai_generated": False})
    assert labelled.status == 200
    after = read(note_id, token)
    assert not after.cached and after.json()["labels"] == ["sponsored"]
