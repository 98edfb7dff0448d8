"""Realistic traffic for `bench.bench_load`: readers browse, open notes, like, collect, comment,
search and post; in the surge, newcomers sign up and post to one topic.

Configured by environment variables set by the benchmark: LOAD_FIXTURE (JSON with tokens, note
ids, usernames and queries), LOAD_LEDGER (a file where every accepted write is appended, so the
benchmark can check afterwards that each one is in the database), LOAD_SHAPE=surge for the surge
(with SURGE_READERS, SURGE_SECONDS), LOAD_LATENCIES (a file where every request's start, name and
time are written when the run ends, so the benchmark can tell the readers' arrival from the steady
state).

The simulated people are FastHttpUsers: the load generator shares the two cores with the site, and
python-requests cost it several times the CPU per request that geventhttpclient does.
"""

from __future__ import annotations

import io
import json
import os
import random
import uuid
from typing import Any
from urllib.parse import urlencode

from locust import FastHttpUser, LoadTestShape, between, events, task

FIXTURE: dict[str, Any] = json.loads(open(os.environ["LOAD_FIXTURE"], encoding="utf-8").read())  # noqa: SIM115
LEDGER = os.environ.get("LOAD_LEDGER", "")
LATENCIES = os.environ.get("LOAD_LATENCIES", "")
_latencies: list[tuple[float, str, float, bool]] = []
SURGE_TOPIC = FIXTURE.get("surge_topic", "tiktokrefugee")
_ledger_file: Any = None


def _record(kind: str, **fields: Any) -> None:
    """One accepted write per line; flushed at once so a crash loses nothing that was answered."""
    global _ledger_file
    if not LEDGER:
        return
    if _ledger_file is None:
        _ledger_file = open(LEDGER, "a", encoding="utf-8")  # noqa: SIM115
    _ledger_file.write(json.dumps({"kind": kind, **fields}) + "\n")
    _ledger_file.flush()


def _photo() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (random.randrange(256), 120, 90)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


PHOTO = _photo()
_BOUNDARY = "vermilion-load-" + uuid.uuid4().hex


def _multipart(name: str, filename: str, content: bytes, content_type: str) -> tuple[bytes, dict[str, str]]:
    """A one-file multipart body (FastHttpSession takes bytes, not `files=`)."""
    head = (f"--{_BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\n"
            f"Content-Type: {content_type}\r\n\r\n").encode()
    return head + content + f"\r\n--{_BOUNDARY}--\r\n".encode(), {"Content-Type": f"multipart/form-data; boundary={_BOUNDARY}"}


PHOTO_BODY, PHOTO_HEADERS = _multipart("file", "photo.jpg", PHOTO, "image/jpeg")


def _queries() -> tuple[list[str], list[float]]:
    """Searches as people make them: a head of popular queries asked again and again (Zipf-like
    weights) and, apart from these, a long tail of new ones (`_new_query`)."""
    head = FIXTURE["queries"]
    return head, [1.0 / (rank + 1) ** 0.9 for rank in range(len(head))]


HEAD_QUERIES, HEAD_WEIGHTS = _queries()
NEW_QUERY_SHARE = 0.35  # of searches, words nobody searched for before in this run
COLD_SHARE = 0.2  # of readers, someone who has not been on the site today: nothing of theirs is kept
_cold = list(FIXTURE.get("cold_tokens", []))
random.shuffle(_cold)


def _new_query() -> str:
    words = FIXTURE.get("vocabulary") or FIXTURE["queries"]
    return " ".join(random.sample(words, random.choice((1, 1, 2, 2, 3))))


class Reader(FastHttpUser):
    """A signed-in reader: mostly browsing and reading, now and then engaging or posting. They scroll
    Discover and Following on with the cursor (and now and then pull to refresh), open notes they
    were shown, and search for what others search for, or for something new."""

    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        cold = _cold and random.random() < COLD_SHARE
        self.token = _cold.pop() if cold else random.choice(FIXTURE["tokens"])
        self.client.auth_header = f"Bearer {self.token}"  # sent with every request of this reader
        self.seen: list[str] = []
        self.cursors: dict[str, str | None] = {}

    def _note_id(self) -> str:
        # What the reader was shown; now and then a link from elsewhere (shared, or from search).
        return random.choice(self.seen) if self.seen and random.random() < 0.9 else random.choice(FIXTURE["note_ids"])

    def _feed(self, feed: str) -> None:
        cursor = self.cursors.get(feed)
        params = {"cursor": cursor} if cursor and random.random() < 0.8 else {}
        with self.client.get(f"/api/v1/feed/{feed}" + (f"?{urlencode(params)}" if params else ""),
                             name=f"GET /feed/{feed}" + (" (next page)" if params else ""), catch_response=True) as r:
            if r.status_code == 200:
                page = r.json()
                self.cursors[feed] = page.get("next_cursor")
                self.seen = ([item["id"] for item in page["items"]] + self.seen)[:60]

    @task(30)
    def discover(self) -> None:
        self._feed("discover")

    @task(10)
    def following(self) -> None:
        self._feed("following")

    @task(30)
    def open_note(self) -> None:
        note = self._note_id()
        self.client.get(f"/api/v1/notes/{note}", name="GET /notes/{id}")
        if random.random() < 0.3:
            self.client.get(f"/api/v1/notes/{note}/comments", name="GET /notes/{id}/comments")

    @task(8)
    def search(self) -> None:
        new = random.random() < NEW_QUERY_SHARE
        query = _new_query() if new else random.choices(HEAD_QUERIES, HEAD_WEIGHTS)[0]
        self.client.get("/api/v1/search/notes?" + urlencode({"q": query}),
                        name="GET /search/notes" + (" (new words)" if new else ""))

    @task(6)
    def like(self) -> None:
        note = self._note_id()
        r = self.client.post(f"/api/v1/notes/{note}/like", name="POST /notes/{id}/like")
        if r.status_code == 200:
            _record("like", token=self.token, note=note)

    @task(2)
    def collect(self) -> None:
        note = self._note_id()
        r = self.client.post(f"/api/v1/notes/{note}/collect", json={}, name="POST /notes/{id}/collect")
        if r.status_code == 200:
            _record("collect", token=self.token, note=note)

    @task(2)
    def comment(self) -> None:
        note = self._note_id()
        r = self.client.post(f"/api/v1/notes/{note}/comments", json={"body": random.choice(FIXTURE["comments"])},
                             name="POST /notes/{id}/comments")
        if r.status_code == 201:
            _record("comment", id=r.json()["id"])

    @task(1)
    def post(self) -> None:
        _post_note(self.client, f"{random.choice(FIXTURE['queries'])} #{random.choice(FIXTURE['topics'])}")


def _post_note(client: Any, body: str) -> None:
    upload = client.post("/api/v1/media", data=PHOTO_BODY, headers=PHOTO_HEADERS, name="POST /media")
    if upload.status_code != 201:
        return
    r = client.post("/api/v1/notes", json={"title": body[:20], "body": body, "media_ids": [upload.json()["id"]]},
                    name="POST /notes")
    if r.status_code in (200, 201):
        _record("note", id=r.json()["id"])


class Newcomer(FastHttpUser):
    """The surge: someone signs up, posts to the one topic everyone is talking about and looks at
    it; after two notes the next newcomer takes their place, so sign-ups rise with the load."""

    wait_time = between(1.0, 3.0)

    def on_start(self) -> None:
        self._sign_up()

    def _sign_up(self) -> None:
        self.posted = 0
        self.client.auth_header = None
        name = "n" + uuid.uuid4().hex[:12]
        r = self.client.post("/api/v1/auth/signup", json={"username": name, "password": "surge-Pass-2025!"},
                             name="POST /auth/signup")
        if r.status_code == 201:
            _record("user", username=name)
            self.client.auth_header = f"Bearer {r.json()['token']}"

    @task(2)
    def post(self) -> None:
        if self.posted >= 2 or not self.client.auth_header:
            self._sign_up()
            return
        _post_note(self.client, f"Hello from a newcomer, cat tax attached #{SURGE_TOPIC}")
        self.posted += 1

    @task(3)
    def topic(self) -> None:
        self.client.get(f"/api/v1/topics/{SURGE_TOPIC}/notes?sort=new", name="GET /topics/{name}/notes")


if os.environ.get("LOAD_SHAPE") == "surge":

    class Surge(LoadTestShape):
        """Newcomers rise tenfold over the first half, hold, and stop at 80% of the time; the
        rest shows how fast the task queue drains. (Readers run steadily in another process.)"""

        base = int(os.environ.get("SURGE_BASE", "2"))
        seconds = int(os.environ.get("SURGE_SECONDS", "240"))

        def tick(self) -> tuple[int, float] | None:
            t = self.get_run_time()
            if t > self.seconds:
                return None
            if t >= self.seconds * 0.8:
                return (0, 100.0)
            return (self.base + int(self.base * 9 * min(1.0, t / (self.seconds * 0.5))), 10.0)


@events.request.add_listener
def _timed(request_type: str, name: str, response_time: float, start_time: float | None = None,
           exception: Any = None, **kwargs: Any) -> None:
    if LATENCIES and start_time is not None:
        _latencies.append((start_time, name, response_time, exception is not None))


@events.quitting.add_listener
def _close_ledger(environment: Any, **kwargs: Any) -> None:
    if _ledger_file is not None:
        _ledger_file.close()
    if LATENCIES:
        with open(LATENCIES, "w", encoding="utf-8") as out:
            json.dump(_latencies, out)
