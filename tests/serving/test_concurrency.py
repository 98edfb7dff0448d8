"""A web process admits at most VERMILION_WEB_CONCURRENCY HTTP requests at once; the rest wait,
none fails, and WebSockets are not counted (serving/concurrency.py)."""

from __future__ import annotations

import asyncio

from vermilion.serving.concurrency import BoundedHttp


def test_requests_beyond_the_bound_wait_their_turn_and_all_complete():
    inside = {"now": 0, "most": 0}
    finished: list[int] = []

    async def app(scope, receive, send):
        inside["now"] += 1
        inside["most"] = max(inside["most"], inside["now"])
        await asyncio.sleep(0.01)
        inside["now"] -= 1
        finished.append(scope["n"])

    bounded = BoundedHttp(app, 3)

    async def main():
        await asyncio.gather(*(bounded({"type": "http", "n": n}, None, None) for n in range(20)))

    asyncio.run(main())
    assert inside["most"] == 3
    assert sorted(finished) == list(range(20))


def test_websockets_are_not_held_by_the_bound():
    opened: list[str] = []

    async def main():
        gate = asyncio.Event()

        async def app(scope, receive, send):
            opened.append(scope["type"])
            if scope["type"] == "websocket":
                await gate.wait()  # a socket stays open as long as the page

        bounded = BoundedHttp(app, 1)
        sockets = [asyncio.create_task(bounded({"type": "websocket"}, None, None)) for _ in range(3)]
        await asyncio.wait_for(bounded({"type": "http"}, None, None), 2)  # not blocked by the sockets
        gate.set()
        await asyncio.gather(*sockets)

    asyncio.run(main())
    assert opened.count("websocket") == 3 and opened.count("http") == 1


def test_file_downloads_do_not_take_a_place():
    served: list[str] = []

    async def main():
        gate = asyncio.Event()

        async def app(scope, receive, send):
            served.append(scope["path"])
            if scope["path"].startswith("/media/"):
                await gate.wait()  # a slow phone fetching a video

        bounded = BoundedHttp(app, 1, unbounded_prefixes=("/static/", "/media/"))
        downloads = [asyncio.create_task(bounded({"type": "http", "path": f"/media/v{i}.mp4"}, None, None))
                     for i in range(3)]
        await asyncio.wait_for(bounded({"type": "http", "path": "/api/v1/feed/discover"}, None, None), 2)
        gate.set()
        await asyncio.gather(*downloads)

    asyncio.run(main())
    assert "/api/v1/feed/discover" in served and len(served) == 4


def test_the_site_is_served_through_the_bound(settings):
    from vermilion.asgi import application

    # Inside the body limit (serving/bodylimit.py) and the hot-read cache (serving/hotcache.py).
    http = application.application_mapping["http"].app.app
    assert isinstance(http, BoundedHttp) and http.limit == max(1, settings.VERMILION_WEB_CONCURRENCY)
    assert http.unbounded == (settings.STATIC_URL, settings.MEDIA_URL)
