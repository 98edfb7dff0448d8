"""Domain events (kit/events.py): durable work rides in the write's own transaction, local work runs
after the commit, and a subscriber that raises neither undoes the write nor loses its work."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from vermilion.accounts.models import User
from vermilion.kit import events
from vermilion.kit.events import Event, emit, subscribe
from vermilion.kit.hooks import Hook, HookNotAnswered

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass(frozen=True)
class Poked(Event):
    user_id: int
    words: tuple[str, ...] = ()


seen: list[Poked] = []
failures = {"left": 0}


def remember(event: Poked) -> None:
    if failures["left"] > 0:
        failures["left"] -= 1
        raise RuntimeError("a subscriber's bad day")
    seen.append(event)


@pytest.fixture
def database_queue(monkeypatch: Any) -> Iterator[None]:
    """The database task queue production uses (the tests otherwise run tasks at once)."""
    backend = DatabaseBackend("default", {"QUEUES": ["default", "translation"], "OPTIONS": {}})
    monkeypatch.setattr(type(task_backends), "__getitem__", lambda self, alias: backend)
    yield


@pytest.fixture
def wired(monkeypatch: Any) -> Iterator[None]:
    """`remember` connected to Poked for this test only."""
    monkeypatch.setattr(events, "_subscribers", {**events._subscribers})
    monkeypatch.setattr(events, "_by_name", {**events._by_name})
    seen.clear()
    failures["left"] = 0
    yield


def _deliveries() -> list[DBTaskResult]:
    """Queued deliveries to `remember` (signing a user up queues the app's own ones too)."""
    rows = DBTaskResult.objects.filter(task_path="vermilion.kit.events.deliver").order_by("enqueued_at")
    return [row for row in rows if row.args_kwargs["args"][0] == f"{__name__}.remember"]


def _run(row: DBTaskResult) -> None:
    args = row.args_kwargs
    try:
        events.deliver.call(*args["args"], **args["kwargs"])
    except RuntimeError:
        DBTaskResult.objects.filter(pk=row.pk).update(status="FAILED")
    else:
        DBTaskResult.objects.filter(pk=row.pk).update(status="SUCCESSFUL")


def test_durable_work_is_written_with_the_change_and_goes_with_a_rollback(database_queue: None, wired: None,
                                                                          make_user: Any) -> None:
    subscribe(Poked, remember)
    user = make_user()
    before = len(_deliveries())
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(bio="changed")
        emit(Poked(user_id=user.pk, words=("hello",)))
        inside = _deliveries()
        assert len(inside) == before + 1  # in this very transaction: an outbox, nothing after the commit
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        User.objects.filter(pk=user.pk).update(bio="rolled back")
        emit(Poked(user_id=user.pk))
        1 / 0  # noqa: B018
    assert len(_deliveries()) == before + 1 and User.objects.get(pk=user.pk).bio == "changed"
    _run(_deliveries()[-1])
    assert seen == [Poked(user_id=user.pk, words=("hello",))]  # tuples come back as tuples


def test_a_failing_subscriber_keeps_the_write_and_is_tried_again_later(database_queue: None, wired: None,
                                                                      make_user: Any) -> None:
    subscribe(Poked, remember)
    user = make_user()
    failures["left"] = 2
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(bio="kept")
        emit(Poked(user_id=user.pk))
    first = _deliveries()[-1]
    _run(first)
    assert User.objects.get(pk=user.pk).bio == "kept"
    retry = _deliveries()[-1]
    assert retry.pk != first.pk and retry.args_kwargs["args"][3] == 2
    assert retry.run_after > first.enqueued_at  # after a pause, not at once
    _run(retry)
    _run(_deliveries()[-1])
    assert seen == [Poked(user_id=user.pk)]
    assert DBTaskResult.objects.get(pk=first.pk).status == "FAILED"


def test_a_subscriber_that_always_fails_stops_after_the_last_attempt(database_queue: None, wired: None,
                                                                     make_user: Any) -> None:
    subscribe(Poked, remember)
    failures["left"] = events.MAX_ATTEMPTS + 5
    emit(Poked(user_id=make_user().pk))
    for _attempt in range(events.MAX_ATTEMPTS):
        _run(_deliveries()[-1])
    assert len(_deliveries()) == events.MAX_ATTEMPTS and not seen


def test_local_work_runs_after_the_commit_only(wired: None, make_user: Any) -> None:
    subscribe(Poked, remember, local=True)
    user = make_user()
    with transaction.atomic():
        emit(Poked(user_id=user.pk))
        assert seen == []  # not before the commit
    assert seen == [Poked(user_id=user.pk)]
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        emit(Poked(user_id=-1))
        1 / 0  # noqa: B018
    assert seen == [Poked(user_id=user.pk)]  # never after a rollback


def test_local_work_that_fails_is_handed_to_the_worker(database_queue: None, wired: None, make_user: Any) -> None:
    subscribe(Poked, remember, local=True)
    failures["left"] = 1
    user = make_user()
    with transaction.atomic():
        emit(Poked(user_id=user.pk))
    assert seen == []
    _run(_deliveries()[-1])
    assert seen == [Poked(user_id=user.pk)]


def test_a_delivery_whose_subscriber_is_gone_is_dropped_with_a_log_line(caplog: Any) -> None:
    events.deliver.call("vermilion.nowhere.handler", "Poked", {"user_id": 1}, 1)
    assert "not wired" in caplog.text


def test_every_event_has_a_subscriber_and_every_hook_an_answer() -> None:
    """An event nobody listens to is dead code; a hook nobody answers would fail at run time."""
    from vermilion.accounts import standing
    from vermilion.messaging import rules
    from vermilion.notes import visibility
    from vermilion.wiring.connections import SUBSCRIBERS

    wired_events = {event for event, _subscribers in SUBSCRIBERS}
    ours = {kind for name, kind in Event.registry.items() if kind.__module__.startswith("vermilion.")}
    assert ours == wired_events
    for hook in (standing.check_may_post, standing.rate_factor, visibility.hidden_in_region, rules.check_words):
        assert hook.answered_by is not None, hook.name


def test_a_hook_nobody_answers_fails_loudly() -> None:
    hook: Hook[[int], int] = Hook("tests.unanswered")
    with pytest.raises(HookNotAnswered, match=r"tests\.unanswered"):
        hook(1)
    hook.answer_with(lambda n: n + 1)
    assert hook(1) == 2


def test_the_architecture_map_lists_every_event_and_subscriber() -> None:
    """docs/architecture.md is the newcomer's map: it must not fall behind the wiring."""
    from pathlib import Path

    from vermilion.wiring.connections import SUBSCRIBERS

    text = (Path(__file__).resolve().parents[2] / "docs" / "architecture.md").read_text(encoding="utf-8")
    for event, subscribers in SUBSCRIBERS:
        row = next((line for line in text.splitlines() if line.startswith(f"| `{event.__name__}` |")), "")
        assert row, f"{event.__name__} is missing from docs/architecture.md"
        for _kind, handler in subscribers:
            where = handler.__module__.removeprefix("vermilion.").removesuffix(".subscribers")
            assert f"`{where}.{handler.__name__}`" in row, (event.__name__, handler.__name__)
