"""Browser journeys in real Chromium (Debian's, never a downloaded one) against a live server."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing: scripts/system-packages.sh installs it")
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser: Any, live_server: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def make(width: int = 1280, height: int = 900, language: str = "en") -> Any:
        context = browser.new_context(viewport={"width": width, "height": height}, locale=language,
                                      extra_http_headers={"Accept-Language": language})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.errors = []  # type: ignore[attr-defined]
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.base = live_server.url  # type: ignore[attr-defined]
        return page

    yield make
    for context in contexts:
        context.close()


def sign_up(page: Any, username: str, interests: tuple[str, ...] = ("pets",)) -> None:
    """Through the sign-up form, choosing interests, landing on the home page."""
    page.goto(page.base + "/signup")
    page.fill("#id_username", username)
    page.fill("#id_password", "a-long-secret-1")
    for interest in interests:
        page.locator(f"input[name=interests][value={interest}]").check(force=True)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


PHONE = {"width": 390, "height": 844}


def phone_page(browser: Any, base: str, language: str = "en", timeout: int = 15_000) -> tuple[Any, Any]:
    """(context, page) of a 390×844 touch phone in `language`; the page keeps its JavaScript errors in
    `page.errors` and the site's address in `page.base`. Close the context when done."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale=language,
                                  extra_http_headers={"Accept-Language": language})
    context.set_default_timeout(timeout)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.base = base
    return context, page


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


@pytest.fixture
def photos(tmp_path: Path) -> list[Path]:
    """Two real photos from scikit-image, as a phone would upload them."""
    import numpy as np
    from PIL import Image
    from skimage import data

    paths = []
    for name in ("chelsea", "coffee"):
        path = tmp_path / f"{name}.jpg"
        buffer = io.BytesIO()
        Image.fromarray(np.asarray(getattr(data, name)())).save(buffer, "JPEG", quality=88)
        path.write_bytes(buffer.getvalue())
        paths.append(path)
    return paths


@pytest.fixture
def asgi_server(browser: Any, transactional_db: Any) -> Iterator[str]:
    """The whole ASGI app (HTTP and WebSocket) under uvicorn on 127.0.0.1, in a thread of this process,
    so it shares the test database and the in-memory channel layer. Django's live server speaks only HTTP."""
    import socket
    import threading
    import time

    import uvicorn
    from channels.routing import ProtocolTypeRouter
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
    from django.core.asgi import get_asgi_application

    from vermilion.messaging.routing import websocket_application

    app = ProtocolTypeRouter({"http": ASGIStaticFilesHandler(get_asgi_application()),
                              "websocket": websocket_application()})
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="warning",
                                           ws="websockets"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    import urllib.request

    # The first request loads the URLconf and everything it imports: not what a page's timeout is for.
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=120) as first:
        assert first.status == 200
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
