from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _no_saved_vector_index(settings: Any, tmp_path: Any) -> None:
    """Each test starts without a saved ANN index: notes are compared exactly (the fresh tail)."""
    from vermilion.search import vectors

    settings.VERMILION_SEARCH_INDEX_DIR = str(tmp_path / "search-index")
    vectors.reset()


@pytest.fixture(autouse=True)
def _on_commit_now(monkeypatch: Any) -> None:
    """Tests run inside a transaction that never commits; run on-commit work (the signals that
    queue indexing, the tasks) right away instead, which is what a commit would do. Much faster
    than transactional tests, which flush every table after each one."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def search(anon: Any) -> Callable[..., Any]:
    """GET /api/v1/search/notes as `client` (anonymous by default); returns the response."""

    def run(q: str, client: Any = None, **params: Any) -> Any:
        return (client or anon).get("/api/v1/search/notes", data={"q": q, **params})

    return run


def titles(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]
