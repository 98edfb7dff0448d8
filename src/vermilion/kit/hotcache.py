"""Answers to the hottest API reads, kept per reader for seconds and replayed without Django.

A signed-in app refreshes the same few pages again and again (the note it went back to, the
Following and Discover feeds on every pull). Through Django each costs milliseconds of CPU before
any query (middleware, routing, serialisation); replaying the bytes of the answer Django gave this
same request a moment ago costs one Redis round trip. Rules:

- Only `GET` with `Authorization: Bearer` and no cookie (API clients; the web pages are not
  cached), only views that opt in with `cacheable(request, seconds)`, only 200 answers that set
  no cookie. The key is the whole request that can matter: path, query and every header except
  the few that never change an answer (user agent, request id, connection), plus the client's
  address (regional rules). Another token, language or address is another entry.
- An entry is replayed only while its reader's and the site's change generations
  (kit/generations.py) are what they were when the view started: a like, follow, block, revoked
  token, edit, deletion or moderation decision makes it a miss, so visibility is still decided by
  `visible_to`, on the normal path, every time something changed. Past its view's seconds it is
  replayed for up to twice as long while one request rebuilds it in the background.
- Entries and generations live in Redis, shared by every web process and task worker (in this
  process when there is no Redis: tests). If Redis cannot be read, nothing is replayed.

What is knowingly stale for up to three times the view's seconds: counts changed by other people (likes,
comments, views) and notes published since (a new note appears on the next miss).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from . import generations
from .logs import access_log, pick_request_id, request_id
from .metrics import REQUEST_SECONDS

log = logging.getLogger(__name__)

SCOPE_KEY = "vermilion.hot_key"
# An entry past its view's seconds is still replayed for twice as long while one request rebuilds
# it in the background, so a reader never waits for the rebuild of a page nothing has changed.
STALE_FACTOR = 2
REFRESH_CLAIM_SECONDS = 30
# Headers that never change an answer; every other header is part of the key.
_IGNORED = frozenset({b"user-agent", b"x-request-id", b"connection", b"keep-alive", b"traceparent", b"tracestate"})
_DROPPED_ON_STORE = frozenset({"x-request-id", "date", "content-length"})


@dataclass(frozen=True)
class Entry:
    user_id: int
    generations: tuple[int, ...]
    expires: float  # wall-clock seconds: fresh until then
    kept: float  # past `expires` and until then, replayed while a fresh copy is built
    route: str
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + 200

    def dump(self) -> bytes:
        head = {"u": self.user_id, "g": list(self.generations), "e": self.expires, "k": self.kept,
                "r": self.route, "s": self.status,
                "h": [[k.decode("latin-1"), v.decode("latin-1")] for k, v in self.headers]}
        return json.dumps(head, separators=(",", ":")).encode() + b"\n" + self.body

    @classmethod
    def load(cls, raw: bytes) -> Entry:
        head, _, body = raw.partition(b"\n")
        h = json.loads(head)
        return cls(int(h["u"]), tuple(h["g"]), float(h["e"]), float(h["k"]), str(h["r"]), int(h["s"]),
                   tuple((k.encode("latin-1"), v.encode("latin-1")) for k, v in h["h"]), body)


class LocalStore:
    """Entries in this process (no Redis: tests and single-process sites), a byte-bounded LRU
    shared by the event loop (reads) and Django's threads (writes)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._claimed: set[str] = set()

    async def lookup(self, key: str, user_hint: int | None) -> tuple[Entry | None, tuple[int, ...] | None]:
        entry = self.get(key)
        if entry is None:
            return None, None
        return entry, await generations.read_async(generations.keys_for(entry.user_id))

    def get(self, key: str) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: Entry) -> None:
        if entry.size > self.max_bytes // 8:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            self._entries[key] = entry
            self._bytes += entry.size
            while self._bytes > self.max_bytes and self._entries:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= dropped.size

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0
            self._claimed.clear()

    async def claim_refresh(self, key: str) -> bool:
        with self._lock:
            if key in self._claimed:
                return False
            self._claimed.add(key)
            return True

    async def release_refresh(self, key: str) -> None:
        with self._lock:
            self._claimed.discard(key)

    def __len__(self) -> int:
        return len(self._entries)


class RedisStore:
    """Entries in Redis, shared by every web process (each would otherwise build its own copy of
    every reader's pages), expiring there on their own. Reading an entry and its reader's
    generations is one round trip once this process knows which reader a token belongs to."""

    def __init__(self, url: str, prefix: str) -> None:
        self.url, self.prefix = url, prefix

    def _key(self, key: str) -> str:
        return f"{self.prefix}hot:{key}"

    async def lookup(self, key: str, user_hint: int | None) -> tuple[Entry | None, tuple[int, ...] | None]:
        client = generations.async_client(self.url)
        if user_hint is None:
            raw = await client.get(self._key(key))
            if raw is None:
                return None, None
            entry = Entry.load(raw)
            return entry, await generations.read_async(generations.keys_for(entry.user_id))
        async with client.pipeline(transaction=False) as pipe:
            pipe.get(self._key(key))
            pipe.mget(generations.prefixed(generations.keys_for(user_hint)))
            raw, seen = await pipe.execute()
        if raw is None:
            return None, None
        entry = Entry.load(raw)
        if entry.user_id != user_hint:  # cannot happen for one token; never trust a guess
            return entry, await generations.read_async(generations.keys_for(entry.user_id))
        return entry, generations.decode(seen)

    def put(self, key: str, entry: Entry) -> None:
        seconds = max(1, int(entry.kept - time.time() + 0.999))
        try:
            generations.sync_client(self.url).set(self._key(key), entry.dump(), ex=seconds)
        except Exception:
            log.warning("hot cache: could not keep an answer", exc_info=True)

    async def claim_refresh(self, key: str) -> bool:
        """One process rebuilds an entry; the others go on replaying it meanwhile."""
        claimed = await generations.async_client(self.url).set(self._key("lock:" + key), b"1", nx=True, ex=REFRESH_CLAIM_SECONDS)
        return bool(claimed)

    async def release_refresh(self, key: str) -> None:
        try:
            await generations.async_client(self.url).delete(self._key("lock:" + key))
        except Exception:
            log.warning("hot cache: could not release a refresh", exc_info=True)

    def clear(self) -> None:
        client = generations.sync_client(self.url)
        for found in client.scan_iter(match=self._key("*"), count=1000):
            client.delete(found)


def _make_store() -> LocalStore | RedisStore:
    url = getattr(settings, "VERMILION_HOT_CACHE_REDIS_URL", None)
    if url:
        return RedisStore(url, settings.VERMILION_TIMELINE_PREFIX)
    return LocalStore(getattr(settings, "VERMILION_HOT_CACHE_BYTES", 64 * 1024 * 1024))


store = _make_store()
# Which reader each token belongs to, learnt from entries read (a hint only: the entry says whose
# it is, and is checked against that reader's generations).
_readers: dict[bytes, int] = {}
_READERS_KEPT = 100_000
refreshing: set[asyncio.Task[None]] = set()  # kept referenced until done


def key_for(scope: dict[str, Any]) -> str | None:
    """The entry's key for this request, or None when the request is not one we cache."""
    if scope.get("method") != "GET":
        return None
    headers = scope.get("headers") or []
    bearer = False
    parts: list[bytes] = []
    for name, value in headers:
        if name == b"cookie":
            return None
        if name == b"authorization" and value[:7].lower() == b"bearer ":
            bearer = True
        if name not in _IGNORED:
            parts.append(name + b":" + value)
    if not bearer:
        return None
    client = scope.get("client") or ("", 0)
    head = "\n".join([scope.get("scheme", "http"), str(client[0]), scope.get("root_path", ""), scope.get("path", "")])
    digest = hashlib.blake2b(head.encode("utf-8", "surrogateescape"), digest_size=20)
    digest.update(b"\n" + bytes(scope.get("query_string") or b""))
    for part in sorted(parts):
        digest.update(b"\n" + part)
    return digest.hexdigest()


def cacheable(request: HttpRequest, seconds: int) -> None:
    """Called by a view before it reads anything: this answer may be replayed for `seconds`.

    The generations are read now, before the view's queries, so a change that commits while the
    view runs leaves the entry already stale rather than wrongly fresh."""
    key = getattr(request, "scope", {}).get(SCOPE_KEY) if settings.VERMILION_HOT_CACHE else None
    user = getattr(request, "user", None)
    if key is None or getattr(request, "auth_token", None) is None or user is None or not user.is_authenticated:
        return
    try:
        seen = generations.read(generations.keys_for(user.pk))
    except Exception:
        log.warning("hot cache: generations unreadable, not caching", exc_info=True)
        return
    request.hot_cache = (key, user.pk, seen, seconds)  # type: ignore[attr-defined]


class HotCacheMiddleware:
    """Outermost: keeps the final answer (every other middleware's headers included)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        marked = getattr(request, "hot_cache", None)
        if marked is None or response.status_code != 200 or response.streaming or response.cookies:
            return response
        key, user_id, seen, seconds = marked
        match = getattr(request, "resolver_match", None)
        route = "/" + str(match.route) if match is not None else "unmatched"
        headers = tuple((k.lower().encode("latin-1"), str(v).encode("latin-1")) for k, v in response.items()
                        if k.lower() not in _DROPPED_ON_STORE)
        now = time.time()
        store.put(key, Entry(user_id, seen, now + seconds, now + seconds * (1 + STALE_FACTOR), route, 200, headers,
                             bytes(response.content)))
        return response


class HotCache:
    """The ASGI side: replays a fresh entry, else hands the request (with its key) to Django."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not settings.VERMILION_HOT_CACHE:
            await self.app(scope, receive, send)
            return
        key = key_for(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        auth = next((v for k, v in scope.get("headers") or [] if k == b"authorization"), b"")
        try:
            entry, current = await store.lookup(key, _readers.get(auth))
        except Exception:
            log.warning("hot cache: unreadable, answering through Django", exc_info=True)
            entry, current = None, None
        if entry is not None:
            if len(_readers) > _READERS_KEPT:
                _readers.clear()
            _readers[auth] = entry.user_id
            now = time.time()
            if current == entry.generations and entry.kept > now:
                await self._replay(scope, send, entry, started)
                if entry.expires <= now and await store.claim_refresh(key):
                    task = asyncio.create_task(self._refresh(scope, key))
                    refreshing.add(task)
                    task.add_done_callback(refreshing.discard)
                return
        await self.app({**scope, SCOPE_KEY: key}, receive, send)

    async def _refresh(self, scope: dict[str, Any], key: str) -> None:
        """The same request once more through Django, whose answer replaces the entry."""
        sent = False

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if sent:  # Django waits for a disconnect while it works; none comes
                await asyncio.Event().wait()
            sent = True
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            pass

        headers = [(k, v) for k, v in scope.get("headers") or [] if k != b"x-request-id"]
        try:
            await self.app({**scope, "headers": headers, SCOPE_KEY: key}, receive, send)
        except Exception:
            log.warning("hot cache: a background rebuild failed", exc_info=True)
        finally:
            await store.release_refresh(key)

    @staticmethod
    async def _replay(scope: dict[str, Any], send: Any, entry: Entry, started: float) -> None:
        incoming = next((v.decode("latin-1") for k, v in scope.get("headers") or [] if k == b"x-request-id"), "")
        rid = pick_request_id(incoming)
        headers = [*entry.headers, (b"content-length", str(len(entry.body)).encode()),
                   (b"x-request-id", rid.encode()), (b"x-vermilion-cache", b"hit")]
        await send({"type": "http.response.start", "status": entry.status, "headers": headers})
        await send({"type": "http.response.body", "body": entry.body})
        seconds = time.perf_counter() - started
        REQUEST_SECONDS.labels(route=entry.route, method="GET", status="2xx").observe(seconds)
        token = request_id.set(rid)
        try:
            duration = round(seconds * 1000, 1)
            path = scope.get("path", "")
            access_log.info("GET %s %s %.1fms (cached)", path, entry.status, duration,
                            extra={"method": "GET", "path": path, "route": entry.route, "status": entry.status,
                                   "duration_ms": duration, "user_id": str(entry.user_id), "cache": "hit"})
        finally:
            request_id.reset(token)
