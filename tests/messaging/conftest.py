from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def open_chat(client_for: Callable[..., Any]) -> Callable[..., tuple[Any, str]]:
    """(sender's API client, conversation id) for a conversation from `sender` to `recipient`."""

    def make(sender: Any, recipient: Any) -> tuple[Any, str]:
        api = client_for(sender)
        response = api.post("/api/v1/conversations", {"username": recipient.username})
        assert response.status_code in (200, 201), response.content
        return api, response.json()["id"]

    return make


@pytest.fixture
def friends(make_user: Callable[..., Any]) -> Callable[..., None]:
    """Make two people follow each other (so neither lands in the other's requests)."""
    from vermilion.graph.actions import do_follow

    def make(a: Any, b: Any) -> None:
        do_follow(a, b)
        do_follow(b, a)

    return make


def send(api: Any, conversation_id: str, body: str = "hi", **extra: Any) -> Any:
    return api.post(f"/api/v1/conversations/{conversation_id}/messages", {"body": body, **extra})
