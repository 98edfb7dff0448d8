"""Answers to the hottest API reads, replayed without Django while nothing they show has changed.

A signed-in app refreshes the same few pages again and again (the Following and Discover feeds on
every pull), and a surge sends thousands of readers to the same notes. Through Django each read
costs milliseconds of CPU before any query (middleware, routing, serialisation); replaying bytes
Django produced a moment ago costs a Redis round trip. Two kinds of route opt in, each with
`@replayable` on its view (kit/replay.py), which is where their paths come from:

- **Per reader** (the feeds): the answer Django gave this same request is replayed to the same
  reader. The key is the whole request that can matter: path, query and every header except the
  few that never change an answer (user agent, request id, connection), plus the client's address
  (regional rules). Another token, language or address is another entry.
- **Shared, checked per reader** (a note): one answer serves every reader but its author, keyed by
  the request without its token or address, plus the reader's saved language. For each reader
  the route's `SharedCheck` runs the visibility query (the one `visible_to`, compiled once) with
  this reader and this address's region: no row and Django answers (a 404, in their language);
  a row fills in the part read afresh (the note's counts, and whether this reader liked or
  collected it).

Rules for both: only `GET` with `Authorization: Bearer` and no cookie (API clients; the web pages
are not cached), only views marked `replayable`, only 200 answers that set no cookie. An entry is
replayed only while its generations (serving/generations.py) are what they were when the view
started. The generations move with the domain events (serving/invalidation.py, subscribed in
vermilion/wiring/connections.py): a like, follow, block, revoked token, edit, deletion or moderation decision
makes an entry a miss, so it is built again through `visible_to`. Past its view's seconds it is replayed
for up to twice as long while one request rebuilds it in the background. Which reader a token is
comes from a record Django writes after checking the token (hotstore.Reader), trusted only while
that reader's generation is unchanged (revoking a token bumps it). Entries and records live in
Redis, shared by every web process (in this process when there is no Redis: tests). If Redis or
the check's database cannot be read, Django answers.

What is knowingly stale for up to three times the view's seconds: in a reader's own answers,
counts changed by other people and notes published since (a new note appears on the next miss);
in a shared one, what its route says (a note: its author's name and avatar).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver

from vermilion.accounts.models import User
from vermilion.accounts.tokens import user_for_token
from vermilion.kit import replay
from vermilion.kit.geo import scope_region
from vermilion.kit.metrics import REQUEST_SECONDS
from vermilion.kit.replay import Replay, rendered_part

from . import generations
from .hotstore import Entry, LocalStore, Reader, RedisStore, make_store
from .logs import access_log, pick_request_id, request_id
from .middleware import SUPPORTED_LANGUAGES

log = logging.getLogger(__name__)

SCOPE_KEY = "vermilion.hot_key"
# An entry past its view's seconds is still replayed for twice as long while one request rebuilds
# it in the background, so a reader never waits for the rebuild of a page nothing has changed.
STALE_FACTOR = 2
# Headers that never change an answer; every other header is part of the key.
_IGNORED = frozenset({b"user-agent", b"x-request-id", b"connection", b"keep-alive", b"traceparent", b"tracestate"})
# A shared answer is the same wherever its reader is (the check applies their region's rules).
_NOT_SHARED = frozenset({b"authorization", b"x-forwarded-for", b"x-real-ip", b"forwarded"})
_DROPPED_ON_STORE = frozenset({"x-request-id", "date", "content-length"})
_READER_RECHECK_SECONDS = 60


class SharedCheck(Protocol):
    async def part_for(self, user_id: int, region: str, target: int) -> bytes | None:
        """This reader's part of a shared answer about `target`, or None: Django must answer."""

    async def served(self, user_id: int, target: int) -> None:
        """Called after a shared answer was sent (a note counts its view)."""


# The checks of shared answers, by the kind a view's `replayable(shared=...)` names.
shared_checks: dict[str, SharedCheck] = {}


@dataclass(frozen=True)
class HotRoute:
    pattern: re.Pattern[str]
    replay: Replay
    shared: SharedCheck | None


_routes: dict[str, list[HotRoute]] = {}  # by URLconf


def _strip(regex: str) -> str:
    return regex.removeprefix("^").removesuffix("\\Z").removesuffix("$")


def declared_routes() -> list[HotRoute]:
    """The paths of the views marked `replayable` (kit/replay.py), found by their route names among
    the site's URL patterns: the ASGI layer looks up no other path, so other reads pay nothing."""
    resolver = get_resolver()
    kept = _routes.get(str(resolver.urlconf_name))
    if kept is not None:
        return kept
    found: list[HotRoute] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + _strip(pattern.pattern.regex.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name in replay.declared:
                spec = replay.declared[pattern.name]
                shared = shared_checks.get(spec.shared) if spec.shared else None
                if spec.shared and shared is None:
                    log.error("no check answers shared replays of kind %r: %s is not replayed", spec.shared, spec.name)
                    continue
                if all(r.replay.name != spec.name for r in found):
                    found.append(HotRoute(re.compile("/" + prefix + _strip(pattern.pattern.regex.pattern)), spec, shared))

    walk(resolver.url_patterns, "")
    _routes[str(resolver.urlconf_name)] = found
    return found


def route_for(path: str) -> HotRoute | None:
    return next((r for r in declared_routes() if r.pattern.fullmatch(path)), None)


store: LocalStore | RedisStore = make_store(getattr(settings, "VERMILION_HOT_CACHE_REDIS_URL", None),
                                            settings.VERMILION_TIMELINE_PREFIX,
                                            getattr(settings, "VERMILION_HOT_CACHE_BYTES", 64 * 1024 * 1024))
# Which reader each token belongs to, learnt from entries read (a hint only: the entry says whose
# it is, and is checked against that reader's generations).
_readers: dict[bytes, int] = {}
_READERS_KEPT = 100_000
# Reader records this process read or wrote lately (token key -> record, until when).
_records: dict[str, tuple[Reader, float]] = {}
refreshing: set[asyncio.Task[None]] = set()  # kept referenced until done


def _fell_back(what: str) -> None:
    """Log why the cache stood aside (inside an `except`). Redis or the database out of reach is
    an outage that /healthz reports and that ends by itself: one line each. Anything else may be
    a bug: its traceback."""
    import psycopg
    import redis.exceptions

    error = sys.exc_info()[1]
    if isinstance(error, (psycopg.OperationalError, redis.exceptions.ConnectionError,
                          redis.exceptions.TimeoutError, OSError)):
        log.warning("hot cache: %s (%s: %s)", what, type(error).__name__, str(error).splitlines()[0] if str(error) else "")
    else:
        log.warning("hot cache: %s", what, exc_info=True)


def _bearer_get(scope: dict[str, Any]) -> bytes | None:
    """The Authorization header of a GET with a bearer token and no cookie, else None."""
    if scope.get("method") != "GET":
        return None
    auth = None
    for name, value in scope.get("headers") or []:
        if name == b"cookie":
            return None
        if name == b"authorization" and value[:7].lower() == b"bearer ":
            auth = value
    return auth


def _digest(scope: dict[str, Any], head: list[str], skipped: frozenset[bytes]) -> str:
    digest = hashlib.blake2b("\n".join(head).encode("utf-8", "surrogateescape"), digest_size=20)
    digest.update(b"\n" + bytes(scope.get("query_string") or b""))
    for part in sorted(n + b":" + v for n, v in scope.get("headers") or [] if n not in skipped):
        digest.update(b"\n" + part)
    return digest.hexdigest()


def key_for(scope: dict[str, Any]) -> str | None:
    """A reader's own entry's key for this request, or None when the request is not one we cache."""
    if _bearer_get(scope) is None:
        return None
    client = scope.get("client") or ("", 0)
    return _digest(scope, [scope.get("scheme", "http"), str(client[0]), scope.get("root_path", ""),
                           scope.get("path", "")], _IGNORED)


def shared_key(scope: dict[str, Any], language: str) -> str:
    return "s:" + _digest(scope, [scope.get("scheme", "http"), language, scope.get("root_path", ""),
                                  scope.get("path", "")], _IGNORED | _NOT_SHARED)


def token_key(auth: bytes) -> str:
    return hashlib.blake2b(auth, digest_size=20).hexdigest()


def _reader_language(user: User) -> str:
    language = getattr(user, "ui_language", "") or ""
    return language if language in SUPPORTED_LANGUAGES else ""


def _keep_reader(request: HttpRequest, user_id: int, generation: int) -> Reader | None:
    """Record whose the request's token is, for shared answers. The token is checked again now,
    after the generation was read: a revocation that committed before that read is seen here."""
    header = request.headers.get("Authorization", "")
    user = cast(User, request.user)  # the bearer token's account (process_view checked it)
    reader = Reader(user_id, generation, _reader_language(user), user.ip_region or "")
    tkey = token_key(header.encode("latin-1"))
    kept = _records.get(tkey)
    if kept is not None and kept[0] == reader and kept[1] > time.time():
        return reader
    token = user_for_token(header[7:].strip())
    if token is None or token.user_id != user_id:
        return None
    store.put_reader(tkey, reader)
    _remember(tkey, reader)
    return reader


def _remember(tkey: str, reader: Reader) -> None:
    if len(_records) > _READERS_KEPT:
        _records.clear()
    _records[tkey] = (reader, time.time() + _READER_RECHECK_SECONDS)


def _part_span(body: bytes, part: dict[str, Any]) -> tuple[int, int] | None:
    """Where the part read afresh for each reader sits in a rendered answer: once, or not shared."""
    rendered = rendered_part(part)
    start = body.find(rendered)
    if start < 0 or body.find(rendered, start + 1) >= 0:
        return None
    return start, start + len(rendered)


class HotCacheMiddleware:
    """Outermost: keeps the final answer (every other middleware's headers included).

    For a request the ASGI layer could not answer from an entry (it then carries its key), the
    change generations are read in `process_view`, once the reader is known and before the view
    reads anything: a change that commits while the view runs leaves the entry already stale
    rather than wrongly fresh."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> None:
        key = getattr(request, "scope", {}).get(SCOPE_KEY) if settings.VERMILION_HOT_CACHE else None
        hot = route_for(request.path) if key is not None else None
        user = getattr(request, "user", None)
        if hot is None or getattr(request, "auth_token", None) is None or user is None or not user.is_authenticated:
            return
        try:
            seen = generations.read(generations.keys_for(user.pk))
        except Exception:
            _fell_back("generations unreadable, not caching")
            return
        request.hot_cache = (key, user.pk, seen, hot)  # type: ignore[attr-defined]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        marked = getattr(request, "hot_cache", None)
        if marked is None or response.status_code != 200 or response.streaming or response.cookies:
            return response
        key, user_id, seen, hot = marked
        match = getattr(request, "resolver_match", None)
        route = "/" + str(match.route) if match is not None else "unmatched"
        headers = tuple((k.lower().encode("latin-1"), str(v).encode("latin-1")) for k, v in response.items()
                        if k.lower() not in _DROPPED_ON_STORE)
        now = time.time()
        seconds = hot.replay.seconds
        expires, kept = now + seconds, now + seconds * (1 + STALE_FACTOR)
        body = bytes(response.content)
        if hot.shared is None:
            store.put(key, Entry(user_id, seen, expires, kept, route, 200, headers, body))
            return response
        shared = getattr(request, "replay_share", None)
        reader = _keep_reader(request, user_id, seen[0])
        if shared is None or reader is None:
            return response
        target, author_id, part = shared
        span = _part_span(body, part)
        if span is not None:
            store.put(shared_key(request.scope, reader.language),  # type: ignore[attr-defined]
                      Entry(0, seen[1:], expires, kept, route, 200, headers, body, author_id, target, span))
        return response


class HotCache:
    """The ASGI side: replays a fresh entry, else hands the request (with its key) to Django."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not settings.VERMILION_HOT_CACHE:
            await self.app(scope, receive, send)
            return
        hot = route_for(scope.get("path", ""))
        key = key_for(scope) if hot is not None else None
        if hot is None or key is None:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        if hot.shared is not None:
            served = await self._serve_shared(scope, send, key, hot.shared, started)
        else:
            served = await self._serve_own(scope, send, key, started)
        if not served:
            await self.app({**scope, SCOPE_KEY: key}, receive, send)

    async def _serve_own(self, scope: dict[str, Any], send: Any, key: str, started: float) -> bool:
        auth = _bearer_get(scope) or b""
        try:
            entry, current = await store.lookup(key, _readers.get(auth))
        except Exception:
            _fell_back("unreadable, answering through Django")
            return False
        if entry is None:
            return False
        if len(_readers) > _READERS_KEPT:
            _readers.clear()
        _readers[auth] = entry.user_id
        now = time.time()
        if current != entry.generations or entry.kept <= now:
            return False
        await self._send(scope, send, entry, entry.body, started, entry.user_id, b"hit")
        self._refresh_if_due(scope, key, key, entry, now)
        return True

    async def _serve_shared(self, scope: dict[str, Any], send: Any, key: str, check: SharedCheck,
                            started: float) -> bool:
        tkey = token_key(_bearer_get(scope) or b"")
        try:
            reader = await self._reader(tkey)
            if reader is None:
                return False
            skey = shared_key(scope, reader.language)
            entry, (user_generation, site_generation) = await store.lookup_shared(skey, reader.user_id)
        except Exception:
            _fell_back("unreadable, answering through Django")
            return False
        if user_generation != reader.generation:  # their token, likes or account changed: Django checks
            _records.pop(tkey, None)
            return False
        now = time.time()
        if (entry is None or entry.generations != (site_generation,) or entry.kept <= now
                or entry.author_id == reader.user_id):
            return False
        region = scope_region(scope)
        if region is None:
            return False
        try:
            part = await check.part_for(reader.user_id, region or reader.region, entry.target)
        except Exception:
            _fell_back("the shared answer's check failed, answering through Django")
            return False
        if part is None:
            return False
        await self._send(scope, send, entry, entry.with_part(part), started, reader.user_id, b"shared")
        self._refresh_if_due(scope, key, skey, entry, now)
        try:
            await check.served(reader.user_id, entry.target)
        except Exception:
            _fell_back("after serving a shared answer")
        return True

    @staticmethod
    async def _reader(tkey: str) -> Reader | None:
        kept = _records.get(tkey)
        if kept is not None and kept[1] > time.time():
            return kept[0]
        reader = await store.get_reader(tkey)
        if reader is not None:
            _remember(tkey, reader)
        return reader

    def _refresh_if_due(self, scope: dict[str, Any], key: str, claim: str, entry: Entry, now: float) -> None:
        if entry.expires > now:
            return

        async def claim_and_refresh() -> None:
            if await store.claim_refresh(claim):
                await self._refresh(scope, key, claim)

        task = asyncio.create_task(claim_and_refresh())
        refreshing.add(task)
        task.add_done_callback(refreshing.discard)

    async def _refresh(self, scope: dict[str, Any], key: str, claim: str) -> None:
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
            await store.release_refresh(claim)

    @staticmethod
    async def _send(scope: dict[str, Any], send: Any, entry: Entry, body: bytes, started: float, user_id: int,
                    how: bytes) -> None:
        incoming = next((v.decode("latin-1") for k, v in scope.get("headers") or [] if k == b"x-request-id"), "")
        rid = pick_request_id(incoming)
        headers = [*entry.headers, (b"content-length", str(len(body)).encode()),
                   (b"x-request-id", rid.encode()), (b"x-vermilion-cache", how)]
        await send({"type": "http.response.start", "status": entry.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
        seconds = time.perf_counter() - started
        REQUEST_SECONDS.labels(route=entry.route, method="GET", status="2xx").observe(seconds)
        token = request_id.set(rid)
        try:
            duration = round(seconds * 1000, 1)
            path = scope.get("path", "")
            access_log.info("GET %s %s %.1fms (%s)", path, entry.status, duration, how.decode(),
                            extra={"method": "GET", "path": path, "route": entry.route, "status": entry.status,
                                   "duration_ms": duration, "user_id": str(user_id), "cache": how.decode()})
        finally:
            request_id.reset(token)
