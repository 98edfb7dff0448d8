from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.db import close_old_connections, connection, transaction
from django.test import Client

from vermilion.accounts import actions
from vermilion.accounts.events import AccountChanged
from vermilion.accounts.models import User
from vermilion.accounts.tokens import issue_token
from vermilion.kit.events import emit
from vermilion.serving.replicahealth import monitor


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_replica_check() -> Iterator[None]:
    """The read replica's check (serving/replicahealth.py) starts over in every test, and its own
    connections are closed after it: left open, they would keep the test database from being dropped."""
    monitor.reset()
    yield
    monitor.reset()


@pytest.fixture(autouse=True)
def _fresh_channel_layer() -> Iterator[None]:
    """A new channel layer per test. Each test drives its sockets in an event loop of its own, and
    channels-redis binds its receive lock to the loop that first used it: a layer kept from an
    earlier test fails with "bound to a different event loop"."""
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


class ApiClient:
    """A JSON client for /api/v1 that can carry a bearer token and a language."""

    def __init__(self, token: str | None = None, language: str | None = None, remote_addr: str = "127.0.0.1",
                 user: User | None = None):
        self.client = Client(REMOTE_ADDR=remote_addr)
        self.token = token
        self.language = language
        self.user = user

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers: dict[str, str] = {}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if self.language:
            headers["Accept-Language"] = self.language
        headers.update(extra or {})
        return headers

    def request(self, method: str, path: str, json: Any = None, headers: dict[str, str] | None = None,
                **kwargs: Any) -> Any:
        call: Callable[..., Any] = getattr(self.client, method.lower())
        if json is not None:
            kwargs.setdefault("data", json)
            kwargs.setdefault("content_type", "application/json")
        return call(path, headers=self._headers(headers), **kwargs)

    def get(self, path: str, **kw: Any) -> Any:
        return self.request("GET", path, **kw)

    def post(self, path: str, json: Any = None, **kw: Any) -> Any:
        return self.request("POST", path, json=json, **kw)

    def patch(self, path: str, json: Any = None, **kw: Any) -> Any:
        return self.request("PATCH", path, json=json, **kw)

    def delete(self, path: str, **kw: Any) -> Any:
        return self.request("DELETE", path, **kw)

    def upload(self, path: str, fields: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
        """multipart/form-data, as a browser sends a file."""
        return self.client.post(path, fields, headers=self._headers(headers))


@pytest.fixture
def anon() -> ApiClient:
    return ApiClient()


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    counter = {"n": 0}

    def make(username: str | None = None, **fields: Any) -> User:
        counter["n"] += 1
        user = actions.do_signup(username=username or f"user{counter['n']}", password="correct-horse-9")
        for name, value in fields.items():
            setattr(user, name, value)
        if fields:
            # Fields no action sets (counts, dates) are written directly, as an operator's edit
            # would be; what follows a change of an account follows it too.
            with transaction.atomic():
                user.save(update_fields=list(fields))
                emit(AccountChanged(user_id=user.pk, fields=tuple(sorted(fields))))
        return user

    return make


@pytest.fixture
def client_for() -> Callable[..., ApiClient]:
    def make(user: User, language: str | None = None) -> ApiClient:
        return ApiClient(token=issue_token(user), language=language, user=user)

    return make


@pytest.fixture
def ready_image(db: Any) -> Callable[..., Any]:
    """A processed image owned by `user`, without running the pipeline (tested in tests/media)."""
    from vermilion.media.models import Media

    def make(user: User, width: int = 1080, height: int = 1440) -> Media:
        return Media.objects.create(
            owner=user,
            kind=Media.Kind.IMAGE,
            status=Media.Status.READY,
            content_type="image/jpeg",
            width=width,
            height=height,
            variants={size: {"name": f"test/{size}.webp", "width": width, "height": height}
                      for size in ("thumb", "card", "detail")},
        )

    return make


@pytest.fixture
def post_note(client_for: Callable[..., ApiClient], ready_image: Callable[..., Any]) -> Callable[..., Any]:
    """Publish a note through the API and return its JSON."""

    def post(user: User, title: str = "今天的猫税", body: str = "我家猫 #猫税 #CatTax", images: int = 1,
             **extra: Any) -> dict[str, Any]:
        api = client_for(user)
        media_ids = [str(ready_image(user).pk) for _ in range(images)]
        response = api.post("/api/v1/notes", {"title": title, "body": body, "media_ids": media_ids, **extra})
        assert response.status_code == 201, response.content
        return response.json()  # type: ignore[no-any-return]

    return post


def race(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls at the same moment, each in a thread with its own database connection."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = calls[index]()
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def unavailable(reason: str) -> None:
    """Skip a test whose tool or model is missing here; with CI=true that is a failure instead, since
    `make setup` installs everything the suite needs."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"required in CI: {reason}", pytrace=False)
    pytest.skip(reason)
