"""Which API reads the serving layer may replay without Django, declared on the view itself.

The hottest reads (a note's page, the Following and Discover feeds) are answered again from the
bytes Django gave a moment ago while nothing they show has changed (serving/hotcache.py). A view
opts in with `@replayable(seconds)` under its `@router.get(...)`; that names the route, and the
serving layer finds the route's path among the URL patterns by that name, so the path is written
once, in the router. Everything else about replaying (keys, change generations, stores) belongs to
the serving layer; the view only says for how long its answer may be replayed and, for an answer
shared by all readers, which part is each reader's own (`share`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.http import HttpRequest
from ninja.operation import Operation
from ninja.utils import contribute_operation_callback

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Replay:
    name: str  # the route's URL name: how the serving layer finds its path
    seconds: int
    # Answers shared by every reader but the author, with a per-reader part read afresh by the
    # serving layer's check of this kind (serving/note_page.py for "note"); "" for per-reader answers.
    shared: str = ""


declared: dict[str, Replay] = {}


def replayable(seconds: int, *, shared: str = "") -> Callable[[F], F]:
    """Mark a GET view whose 200 answers to bearer-token readers may be replayed for `seconds`
    (and three times as long while a fresh one is built in the background)."""

    def decorate(view: F) -> F:
        name = f"replay-{view.__module__}.{view.__qualname__}"
        declared[name] = Replay(name, seconds, shared)

        def name_route(operation: Operation) -> None:
            operation.url_name = name

        contribute_operation_callback(view, name_route)
        return view

    return decorate


def share(request: HttpRequest, target: int, author_id: int, part: dict[str, Any]) -> None:
    """Called by the view of a shared route: its answer holds `part`'s members (what the route's
    check reads afresh for each reader) and is otherwise every reader's but the author's."""
    request.replay_share = (target, author_id, part)  # type: ignore[attr-defined]


def rendered_part(part: dict[str, Any]) -> bytes:
    """`part`'s members as the API renders them inside an object (json.dumps), without braces."""
    return json.dumps(part).encode()[1:-1]
