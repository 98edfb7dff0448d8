"""Where serving/hotcache.py keeps its answers and what it knows of each token's reader.

Two kinds of entry: a reader's own answer (replayed to that reader only), and an answer shared by
every reader but for a small part that depends on who reads it (`span`), filled per request by its
route's check. A reader record tells the ASGI layer, without Django, whose a token is, which
language they saved and where their account was made; it is trusted only while that reader's
change generation is the one Django saw when it last checked the token.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from abc import ABC, abstractmethod
from collections import OrderedDict
from dataclasses import dataclass, field

from . import generations

log = logging.getLogger(__name__)

REFRESH_CLAIM_SECONDS = 30
# A reader record outlives its token check by this long at most (the token's own cache keeps
# five minutes too, so `last_used_at` still moves while a client reads only replayed pages).
READER_SECONDS = 300


@dataclass(frozen=True)
class Entry:
    user_id: int  # the reader it was built for; 0 when it is shared by every reader
    generations: tuple[int, ...]
    expires: float  # wall-clock seconds: fresh until then
    kept: float  # past `expires` and until then, replayed while a fresh copy is built
    route: str
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    author_id: int = 0  # shared: the one reader never served from it (the author sees more)
    target: int = 0  # shared: what the per-reader check asks about (a note's id)
    span: tuple[int, int] = field(default=(0, 0))  # shared: the bytes of the per-reader part

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + 200

    def dump(self) -> bytes:
        head = {"u": self.user_id, "g": list(self.generations), "e": self.expires, "k": self.kept,
                "r": self.route, "s": self.status, "a": self.author_id, "t": self.target, "p": list(self.span),
                "h": [[k.decode("latin-1"), v.decode("latin-1")] for k, v in self.headers]}
        return json.dumps(head, separators=(",", ":")).encode() + b"\n" + self.body

    @classmethod
    def load(cls, raw: bytes) -> Entry:
        head, _, body = raw.partition(b"\n")
        h = json.loads(head)
        span = h.get("p") or [0, 0]
        return cls(int(h["u"]), tuple(h["g"]), float(h["e"]), float(h["k"]), str(h["r"]), int(h["s"]),
                   tuple((k.encode("latin-1"), v.encode("latin-1")) for k, v in h["h"]), body,
                   int(h.get("a", 0)), int(h.get("t", 0)), (int(span[0]), int(span[1])))

    def with_part(self, part: bytes) -> bytes:
        start, end = self.span
        return self.body[:start] + part + self.body[end:]


@dataclass(frozen=True)
class Reader:
    user_id: int
    generation: int  # the reader's change generation when Django last accepted the token
    language: str  # their saved language ("" when they saved none: the request's headers decide)
    region: str  # where the account was made: regional rules use it when the address says nothing

    def dump(self) -> bytes:
        return json.dumps([self.user_id, self.generation, self.language, self.region]).encode()

    @classmethod
    def load(cls, raw: bytes) -> Reader:
        user_id, generation, language, region = json.loads(raw)
        return cls(int(user_id), int(generation), str(language), str(region))


class _Lookup(ABC):
    """A reader's own entry with the generations it is checked against: one round trip (the
    entry and the generations together) once this process knows whose the token is."""

    @abstractmethod
    async def entry(self, key: str) -> Entry | None: ...

    @abstractmethod
    async def lookup_shared(self, key: str, user_id: int) -> tuple[Entry | None, tuple[int, ...]]:
        """A shared entry and this reader's generations, read together."""

    async def lookup(self, key: str, user_hint: int | None) -> tuple[Entry | None, tuple[int, ...] | None]:
        if user_hint is None:
            entry, seen = await self.entry(key), None
        else:
            entry, seen = await self.lookup_shared(key, user_hint)
        if entry is None:
            return None, None
        if seen is None or entry.user_id != user_hint:  # never trust a guess
            seen = await generations.read_async(generations.keys_for(entry.user_id))
        return entry, seen


class LocalStore(_Lookup):
    """Entries in this process (no Redis: tests and single-process sites), a byte-bounded LRU
    shared by the event loop (reads) and Django's threads (writes)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._readers: dict[str, tuple[Reader, float]] = {}
        self._bytes = 0
        self._lock = threading.Lock()
        self._claimed: set[str] = set()

    async def entry(self, key: str) -> Entry | None:
        return self.get(key)

    async def lookup_shared(self, key: str, user_id: int) -> tuple[Entry | None, tuple[int, ...]]:
        return self.get(key), await generations.read_async(generations.keys_for(user_id))

    async def get_reader(self, token_key: str) -> Reader | None:
        with self._lock:
            kept = self._readers.get(token_key)
        return kept[0] if kept is not None and kept[1] > time.time() else None

    def put_reader(self, token_key: str, reader: Reader) -> None:
        with self._lock:
            if len(self._readers) > 100_000:
                self._readers.clear()
            self._readers[token_key] = (reader, time.time() + READER_SECONDS)

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
            self._readers.clear()
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


class RedisStore(_Lookup):
    """Entries in Redis, shared by every web process (each would otherwise build its own copy of
    every reader's pages), expiring there on their own."""

    def __init__(self, url: str, prefix: str) -> None:
        self.url, self.prefix = url, prefix

    def _key(self, key: str) -> str:
        return f"{self.prefix}hot:{key}"

    async def entry(self, key: str) -> Entry | None:
        raw = await generations.async_client(self.url).get(self._key(key))
        return Entry.load(raw) if raw is not None else None

    async def lookup_shared(self, key: str, user_id: int) -> tuple[Entry | None, tuple[int, ...]]:
        async with generations.async_client(self.url).pipeline(transaction=False) as pipe:
            pipe.get(self._key(key))
            generations.queue_reads(pipe, self.url, generations.keys_for(user_id))
            raw, *seen = await pipe.execute()
        return (Entry.load(raw) if raw is not None else None), generations.queued_values(seen)

    async def get_reader(self, token_key: str) -> Reader | None:
        raw = await generations.async_client(self.url).get(self._key("reader:" + token_key))
        return Reader.load(raw) if raw is not None else None

    def put_reader(self, token_key: str, reader: Reader) -> None:
        try:
            generations.sync_client(self.url).set(self._key("reader:" + token_key), reader.dump(), ex=READER_SECONDS)
        except Exception:
            log.warning("hot cache: could not keep a reader record", exc_info=True)

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


def make_store(redis_url: str | None, prefix: str, max_bytes: int) -> LocalStore | RedisStore:
    return RedisStore(redis_url, prefix) if redis_url else LocalStore(max_bytes)
