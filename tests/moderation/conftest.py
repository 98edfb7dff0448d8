from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def make_moderator(make_user: Callable[..., Any]) -> Callable[..., Any]:
    """A moderator is anyone in the 'moderators' group (the command the docs name does the same)."""
    from vermilion.moderation.roles import grant_moderator

    def make(username: str | None = None) -> Any:
        user = make_user(username)
        grant_moderator(user)
        return type(user).objects.get(pk=user.pk)  # fresh: permissions are cached per instance

    return make
