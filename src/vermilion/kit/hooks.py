"""Hooks: a question a lower layer must ask before it writes, answered by a higher one.

Events say what happened, after the fact. A few rules must be asked *before* a write and can only
be answered by an app above the one writing: may this account post at all (moderation decides,
notes and messaging ask), which notes a region's rules hide (moderation keeps the rules, the one
visibility query in notes applies them), whether a message's words may be sent. The lower app
declares the hook with the signature it needs; vermilion/wiring/connections.py connects the answer, beside the
event subscribers. A hook nobody answered fails loudly rather than letting everything through.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class HookNotAnswered(RuntimeError):
    pass


class Hook(Generic[P, R]):
    def __init__(self, name: str) -> None:
        self.name = name
        self._answer: Callable[P, R] | None = None

    def answer_with(self, function: Callable[P, R]) -> None:
        self._answer = function

    @property
    def answered_by(self) -> Callable[P, R] | None:
        return self._answer

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        if self._answer is None:
            raise HookNotAnswered(f"nothing answers the hook {self.name} (vermilion/wiring/connections.py connects it)")
        return self._answer(*args, **kwargs)
