"""The first ten minutes on a phone (390×844), in English and in Chinese: sign up, the first feed, a
note liked and collected without scrolling, a comment, a post, a search and a message; the app is
installable (manifest and an active service worker), opens offline and refuses actions offline with
a message. No JavaScript errors and nothing wider than the screen anywhere."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from .conftest import shot, sign_up

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
WORDS = {
    "en": {"like": "Liked", "board": "Cats", "comment": "So cute! https://example.com/" + "a" * 120,
           "offline": "You are offline"},
    "zh-CN": {"like": "已点赞", "board": "猫猫", "comment": "好可爱！https://example.com/" + "猫" * 80,
              "offline": "网络已断开"},
}


def fits(page: Any) -> None:
    """Nothing scrolls sideways: the document is no wider than the screen."""
    width, inner = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
    assert width <= inner, f"{page.url} is {width}px wide on a {inner}px screen"


def on_screen(page: Any, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (selector, box)
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (selector, box)


def photo_variants(photos: list[Path]) -> None:
    """Real pictures behind the test images' variant names (conftest's ready_image), so the note shows them."""
    from PIL import Image

    folder = Path(settings.MEDIA_ROOT) / "test"
    folder.mkdir(parents=True, exist_ok=True)
    with Image.open(photos[0]) as image:
        image = image.convert("RGB").resize((1080, 1440))
        for size, width in (("thumb", 240), ("card", 720), ("detail", 1080)):
            image.resize((width, width * 4 // 3)).save(folder / f"{size}.webp", quality=70)


def keeps_its_place_and_pulls_to_refresh(page: Any, author: Any, post_note: Any) -> None:
    """A feed keeps the loaded cards and the reader's place when they open a note and come back, and
    loads afresh when pulled down at the top."""
    for n in range(10):
        post_note(author, title=f"Cat tax #{n}", body="more cats #CatTax")
    page.goto(page.base + "/u/ahmao_cat")
    page.wait_for_selector(".note-card >> nth=9")
    page.evaluate("scrollTo(0, 900)")
    page.wait_for_function("scrollY === 900")
    cards = page.locator(".note-card").count()
    page.locator(".note-card a.card-link").nth(8).click()
    page.wait_for_url(re.compile(r".*/n/\d+$"))
    page.go_back()
    page.wait_for_selector(".note-card >> nth=9")
    page.wait_for_function("Math.abs(scrollY - 900) < 2")
    assert page.locator(".note-card").count() == cards
    # Pull down at the top of the home feed: the first page is fetched again.
    page.goto(page.base + "/")
    page.wait_for_selector(".note-card")
    touch = page.context.new_cdp_session(page)
    with page.expect_response(re.compile(r".*/api/v1/feed/discover")):
        for kind, y in (("touchStart", 200), ("touchMove", 260), ("touchMove", 320), ("touchMove", 360)):
            touch.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [{"x": 190, "y": y}]})
        touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_selector(".note-card")


@pytest.fixture
def phone(browser: Any, asgi_server: str) -> Any:
    contexts: list[Any] = []

    def make(language: str) -> Any:
        context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                      locale=language, extra_http_headers={"Accept-Language": language})
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=asgi_server)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.base = asgi_server
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_first_ten_minutes_on_a_phone(phone, language, make_user, post_note, photos):
    from vermilion.graph.models import Follow
    from vermilion.notes.models import Collect, Comment, Like

    words = WORDS[language]
    tag = "en" if language == "en" else "zh"
    photo_variants(photos)
    author = make_user("ahmao_cat", display_name="阿毛和猫")
    note = post_note(author, title="今天的猫税 Cat tax", body="三只猫里最凶的那只 #猫税 #CatTax", images=2, location="成都")
    page = phone(language)

    # Sign up, land on the first feed: a compact top bar and the tab bar, two columns of cards.
    sign_up(page, f"newbie_{tag}")
    page.wait_for_selector(".note-card")
    assert page.locator(".tabbar").is_visible() and page.locator("[data-waterfall]").get_attribute("data-columns") == "2"
    assert page.locator(".topbar").bounding_box()["height"] < 70  # one row, not two
    assert not page.locator(".topnav a.compose-link").is_visible()  # its place is the tab bar's "+"
    fits(page)
    shot(page, f"phone-feed-{tag}")

    # Installable: the manifest has what a browser asks for, and the service worker is active.
    manifest = page.evaluate("fetch(document.querySelector('link[rel=manifest]').href).then((r) => r.json())")
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    assert any(icon["purpose"] == "maskable" for icon in manifest["icons"])
    assert page.evaluate("navigator.serviceWorker.ready.then((r) => Boolean(r.active) && r.scope)") == page.base + "/"

    # Open the note: like and collect are on the first screen, no scrolling.
    page.click(f"[data-open-note='{note['id']}']")
    page.wait_for_url(re.compile(rf".*/n/{note['id']}$"))
    page.wait_for_selector(".actions-bar .action.like[aria-pressed]")
    assert page.evaluate("scrollY") == 0
    for selector in (".action.like", ".action.collect", ".action.comment", ".action.share", "[data-follow-author]"):
        on_screen(page, selector)
    page.dblclick(".action.like")  # a rapid double tap is one like
    page.wait_for_selector(".action.like[aria-pressed=true]")
    assert page.locator(".action.like").get_attribute("aria-label") == words["like"]
    assert Like.objects.filter(note_id=note["id"]).count() == 1
    page.click(".action.collect")
    page.fill(".board-picker input[maxlength]", words["board"])
    page.click(".board-picker .new-board button[type=submit]")
    page.wait_for_selector(".action.collect[aria-pressed=true]")
    assert Collect.objects.filter(note_id=note["id"]).count() == 1
    assert page.evaluate("scrollY") == 0
    page.dblclick("[data-follow-author]")  # Follow beside the author, once
    page.wait_for_selector("[data-follow-author][aria-pressed=true]")
    assert Follow.objects.filter(followee=author).count() == 1
    # Swipe to the second photo (a mouse drag here; a finger scrolls the strip natively).
    box = page.locator(".carousel").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.8, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.2, box["y"] + box["height"] / 2, steps=4)
    page.mouse.up()
    page.wait_for_selector(".carousel .counter:text('2/2')")
    strip = page.locator(".carousel .slides").element_handle()
    page.wait_for_function("(s) => Math.abs(s.scrollLeft - s.clientWidth) < 2", arg=strip)
    shot(page, f"phone-note-{tag}")

    # Share: the link is copied where the Web Share API is missing.
    page.click(".action.share")
    page.wait_for_selector(".toast")
    assert page.evaluate("navigator.clipboard.readText()") == f"{page.base}/n/{note['id']}"

    # Comment (a very long URL wraps instead of widening the page).
    page.click(".action.comment")
    assert page.evaluate("document.activeElement.matches('.comment-form textarea')")
    page.fill(".comment-form textarea", words["comment"])
    page.dblclick(".comment-form button[type=submit]")  # sent once
    page.wait_for_selector(".comment .comment-text >> text=example.com")
    assert Comment.objects.filter(note_id=note["id"]).count() == 1
    fits(page)

    # Post from the tab bar's "+" (a note's page has its action bar there instead: back to the feed).
    page.go_back()
    page.click(".tabbar .tab-post")
    page.wait_for_url(re.compile(r".*/compose$"))
    page.set_input_files("[data-files]", [str(photos[1])])
    page.locator(".upload.ready").wait_for()
    page.fill("[data-title]", "第一篇 First post")
    page.fill("[data-body]", "Hello 你好 #CatTax")
    fits(page)
    page.click("[data-publish]")
    page.wait_for_url(re.compile(r".*/n/\d+$"))
    page.wait_for_selector(".note-detail h1:text('第一篇 First post')")

    # Search from the tab bar.
    page.goto(page.base + "/search")
    page.fill("#search-q", "猫税")
    page.press("#search-q", "Enter")
    page.wait_for_url(re.compile(r".*/search\?q=.*"))
    page.wait_for_selector(f".note-card[data-note-id='{note['id']}']")
    fits(page)
    shot(page, f"phone-search-{tag}")

    # Message the author from their profile.
    page.goto(page.base + "/u/ahmao_cat")
    page.click("[data-message-user]")
    page.wait_for_url(re.compile(r".*/messages/\d+$"))
    page.fill(".composer textarea", "你好！Hello!")
    page.press(".composer textarea", "Enter")
    page.wait_for_selector(".bubble.mine:not(.pending)")
    fits(page)
    shot(page, f"phone-message-{tag}")

    if language == "en":
        keeps_its_place_and_pulls_to_refresh(page, author, post_note)

    # Offline: an action fails with a message and changes nothing; a page is the offline page.
    page.goto(f"{page.base}/n/{note['id']}")
    page.wait_for_selector(".action.like[aria-pressed=true]")
    page.context.set_offline(True)
    page.wait_for_selector("[data-offline-banner]")
    page.click(".action.like")
    page.wait_for_selector(f".toast:has-text('{words['offline']}')")
    assert page.locator(".action.like").get_attribute("aria-pressed") == "true"
    assert Like.objects.filter(note_id=note["id"]).count() == 1
    page.goto(page.base + "/u/ahmao_cat")
    page.wait_for_selector("[data-offline-page]")
    assert "You are offline" in page.content() and "网络已断开" in page.content()
    shot(page, f"phone-offline-{tag}")
    page.context.set_offline(False)
    assert not page.errors, page.errors
