"""Domain events: what an action changed, for whoever has to act on it.

An action emits a typed event inside its transaction (`emit(NotePublished(note_id=…))`); it neither
knows nor imports who listens. Who listens to what is written down once, in
`vermilion/wiring/connections.py`, the only place that connects subscribers. A subscriber is one of two kinds:

- **durable**: its work is a task row written in the action's own transaction (kit/tasks.py: the
  database task queue is an outbox). If the process dies after the commit, the work is still
  queued; a worker runs it. If the subscriber raises, the write it follows stands, and the
  delivery is queued again after a growing pause, up to MAX_ATTEMPTS times (then it stays in the
  queue's table as failed, with its traceback).
- **local**: quick work in this process once the transaction committed: forgetting cached
  answers, pushing to open tabs. It is skipped on rollback. If it raises, the write stands and
  the same work is handed to the worker as a durable delivery, retried like one.

Events carry ids and small plain values, never model instances: a durable delivery stores them as
JSON and the subscriber reads the rows afresh (they may have changed since). Subscribers are
idempotent, since a delivery can run twice (a retry after a crash mid-way).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, ClassVar, TypeVar

from django.utils import timezone
from django_tasks import task

from . import tasks

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
FIRST_RETRY_SECONDS = 5.0  # then doubling: 5 s, 10 s, 20 s … about 10 minutes in all


class Event:
    """Base of every domain event. Subclasses are frozen dataclasses of ints, strings, booleans
    and tuples of those; the class name is the event's name in the queue, so it must not change
    while deliveries may be waiting."""

    registry: ClassVar[dict[str, type[Event]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__name__ in Event.registry and Event.registry[cls.__name__] is not cls:
            raise TypeError(f"two events are called {cls.__name__}")
        Event.registry[cls.__name__] = cls

    def payload(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Event:
        fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        values = {name: tuple(value) if isinstance(value, list) else value
                  for name, value in payload.items() if name in fields}
        return cls(**values)


def _plain(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


E = TypeVar("E", bound=Event)


@dataclass(frozen=True)
class Subscriber:
    name: str  # module.function: how a queued delivery finds it again
    event: type[Event]
    handler: Callable[[Any], object]
    local: bool
    queue: str


_subscribers: dict[type[Event], list[Subscriber]] = {}
_by_name: dict[tuple[str, str], Subscriber] = {}  # (subscriber, event) names


def subscribe(event: type[E], handler: Callable[[E], object], *, local: bool = False,
              queue: str = "default") -> Subscriber:
    """Connect `handler` to `event` (called by vermilion/wiring/connections.py only); connecting the
    same pair twice changes nothing."""
    name = f"{handler.__module__}.{handler.__qualname__}"
    found = _by_name.get((name, event.__name__))
    if found is not None:
        return found
    subscriber = Subscriber(name, event, handler, local, queue)
    _subscribers.setdefault(event, []).append(subscriber)
    _by_name[(name, event.__name__)] = subscriber
    return subscriber


def subscribers_of(event: type[Event]) -> list[Subscriber]:
    return list(_subscribers.get(event, []))


def all_subscribers() -> list[Subscriber]:
    return list(_by_name.values())


def emit(event: Event) -> None:
    """Tell every subscriber of the event's type, as its kind says (see the module's docstring).
    Called inside the action's transaction, after its rows are written."""
    for subscriber in _subscribers.get(type(event), []):
        if subscriber.local:
            tasks.on_commit(lambda s=subscriber: _run_local(s, event))  # type: ignore[misc]
        else:
            _queue(subscriber, event, attempt=1)


def _queue(subscriber: Subscriber, event: Event, attempt: int, delay: float = 0.0) -> None:
    job = deliver.using(queue_name=subscriber.queue)
    if delay and job.get_backend().supports_defer:
        job = job.using(run_after=timezone.now() + timedelta(seconds=delay))
    tasks.enqueue(job, subscriber.name, type(event).__name__, event.payload(), attempt)


def _run_local(subscriber: Subscriber, event: Event) -> None:
    try:
        subscriber.handler(event)
    except Exception:
        log.warning("%s failed on %s; handing it to the worker to retry", subscriber.name, event, exc_info=True)
        try:
            _queue(subscriber, event, attempt=1, delay=FIRST_RETRY_SECONDS)
        except Exception:
            log.error("could not queue a retry of %s for %s", subscriber.name, event, exc_info=True)


@task()
def deliver(subscriber: str, event: str, payload: dict[str, Any], attempt: int = 1) -> None:
    """Run one subscriber on one event (a durable delivery), and queue it again if it raises."""
    found = _by_name.get((subscriber, event))
    kind = Event.registry.get(event)
    if found is None or kind is None:
        # A delivery queued by an older version whose subscriber or event no longer exists.
        log.error("dropped a delivery of %s to %s: not wired in this version", event, subscriber)
        return
    value = kind.from_payload(payload)
    try:
        found.handler(value)
    except Exception:
        if attempt >= MAX_ATTEMPTS:
            log.error("%s failed on %s %d times; giving up", subscriber, value, attempt)
            raise
        delay = FIRST_RETRY_SECONDS * 2 ** (attempt - 1)
        log.warning("%s failed on %s (attempt %d); trying again in %.0f s", subscriber, value, attempt, delay,
                    exc_info=True)
        _queue(found, value, attempt + 1, delay)
        raise
