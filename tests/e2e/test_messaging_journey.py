"""Two people chat in two browsers and see each other's messages arrive live, over WebSocket."""

from __future__ import annotations

import re

import pytest

from .conftest import ARGS, shot, sign_up  # noqa: F401  (ARGS documents how Chromium runs)

pytestmark = pytest.mark.django_db(transaction=True)


def context_page(browser, base: str, language: str = "en"):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=language,
                                  extra_http_headers={"Accept-Language": language})
    context.set_default_timeout(30_000)  # generous: CI machines are small and busy
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.base = base
    return context, page



def test_two_people_chat_live(browser, asgi_server):
    contexts = []
    try:
        ctx_a, mei = context_page(browser, asgi_server)
        ctx_b, jake = context_page(browser, asgi_server, "zh-CN")
        contexts += [ctx_a, ctx_b]
        sign_up(mei, "meimei")
        sign_up(jake, "jake")
        # Jake follows Mei, so her messages land in his inbox rather than his requests.
        jake.goto(jake.base + "/u/meimei")
        jake.click("[data-follow]")
        jake.wait_for_selector("[data-follow][aria-pressed=true]")
        jake.goto(jake.base + "/messages")
        jake.wait_for_selector("body[data-live=on]")

        mei.goto(mei.base + "/u/jake")
        mei.click("[data-message-user]")
        mei.wait_for_url(re.compile(r".*/messages/\d+$"))
        mei.wait_for_selector("body[data-live=on]")
        mei.fill(".composer textarea", "Hi Jake! 要不要一起去喝咖啡？")
        mei.keyboard.press("Enter")
        mei.wait_for_selector(".bubble.mine:not(.pending) >> text=一起去喝咖啡")

        # Jake, without reloading, sees the unread badge and the conversation appear, then opens it.
        jake.wait_for_selector(".conversation >> text=一起去喝咖啡")
        assert jake.locator("[data-unread-messages]").inner_text() == "1"
        jake.click(".conversation a")
        jake.wait_for_selector(".bubble:not(.mine) >> text=Hi Jake!")
        jake.fill(".composer textarea", "好呀")  # Mei sees him typing, then his answer
        mei.wait_for_selector("[data-typing]:not([hidden])")
        jake.click(".composer button[type=submit]")
        mei.wait_for_selector(".bubble:not(.mine) >> text=好呀")
        mei.wait_for_selector(".bubble.mine .read-mark")  # he read hers
        assert mei.locator(".bubble").count() == 2 and jake.locator(".bubble").count() == 2
        shot(mei, "messages-live")
        shot(jake, "messages-live-zh")
        assert not mei.errors and not jake.errors, mei.errors + jake.errors
    finally:
        for context in contexts:
            context.close()
