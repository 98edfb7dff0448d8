"""Two people chat in two browsers and see each other's messages arrive live, over WebSocket."""

from __future__ import annotations

import re

import pytest

from .conftest import ARGS, PHONE, phone_page, shot, sign_up  # noqa: F401  (ARGS documents how Chromium runs)

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


# --- the messenger on a phone (issue 22) -------------------------------------------------------

# How legible a piece of text is against what is behind it (WCAG contrast ratio).
CONTRAST = """(selector) => {
  const el = document.querySelector(selector);
  const parse = (c) => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  let back = [255, 255, 255];
  for (let node = el; node; node = node.parentElement) {
    const c = parse(getComputedStyle(node).backgroundColor);
    if (c.length < 4 || c[3] > 0) { back = c; break; }
  }
  const [a, b] = [lum(parse(getComputedStyle(el).color)), lum(back)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


def on_screen(page, selector: str) -> None:  # type: ignore[no-untyped-def]
    box = page.locator(selector).bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (selector, box)
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (selector, box)


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_the_messenger_on_a_phone(browser, asgi_server, language, make_user, post_note):
    from vermilion.messaging.models import Message

    tag = "en" if language == "en" else "zh"
    words = {"en": {"chats": "Chats", "read": "Read"}, "zh-CN": {"chats": "聊天", "read": "已读"}}[language]
    note = post_note(make_user(f"chef_{tag}"), title="火锅 hotpot", body="麻辣 #火锅")
    contexts = []
    try:
        ctx_fan, fan = context_page(browser, asgi_server, language)
        ctx_star, star = phone_page(browser, asgi_server, language, timeout=30_000)
        contexts += [ctx_fan, ctx_star]
        sign_up(fan, f"fan_{tag}")
        sign_up(star, f"star_{tag}")
        fan.goto(fan.base + f"/u/star_{tag}")
        fan.click("[data-message-user]")
        fan.wait_for_url(re.compile(r".*/messages/\d+$"))
        conversation = fan.url.rsplit("/", 1)[1]
        fan.fill(".composer textarea", "Hello from a fan")
        fan.keyboard.press("Enter")
        fan.wait_for_selector(".bubble.mine:not(.pending) >> text=Hello from a fan")

        # The star, on a phone: a request, then the conversation as a screen of its own.
        star.goto(star.base + "/messages?box=requests")
        star.click(".conversation a")
        star.wait_for_selector("[data-thread]:not([hidden]) >> text=Hello from a fan")
        assert not star.locator(".conversations-pane").is_visible()
        assert star.locator("[data-back]").is_visible()
        # Settings are behind buttons, not stacked above the thread.
        assert not star.locator("[data-policy]").is_visible() and not star.locator("[data-mute-conversation]").is_visible()
        star.click("[data-accept]")
        star.wait_for_selector("[data-request-bar]", state="hidden")
        # The message box and Send are on the first screen, no scrolling.
        on_screen(star, ".composer textarea")
        on_screen(star, "[data-send]")
        assert star.evaluate("scrollY") == 0
        star.click("[data-thread-menu] summary")
        assert star.locator("[data-mute-conversation]").is_visible()
        star.click("[data-thread-menu] summary")

        # A double tap on Send sends once.
        assert star.locator("[data-send]").is_disabled()  # nothing typed yet
        star.fill(".composer textarea", "one tap only")
        star.locator("[data-send]").dblclick()
        star.wait_for_selector(".bubble.mine:not(.pending) >> text=one tap only")
        star.wait_for_timeout(600)
        assert star.locator(".bubble.mine", has_text="one tap only").count() == 1
        assert Message.objects.filter(body="one tap only").count() == 1

        # Back: the list shows the chat just accepted (it said there were none before).
        star.click("[data-back]")
        star.wait_for_selector(".conversations-pane", state="visible")
        star.wait_for_selector(".conversation >> text=one tap only")
        assert star.locator("nav [data-box=inbox]").get_attribute("aria-current") == "page"
        assert star.locator("nav [data-box=inbox]").inner_text().strip() == words["chats"]
        shot(star, f"messages-phone-list-{tag}")

        # Sharing a note: a double tap on "Send note" sends it once.
        star.goto(star.base + f"/messages/{conversation}?share={note['id']}")
        star.wait_for_selector("[data-thread]:not([hidden]) >> text=one tap only")
        star.locator("[data-share-bar] button").dblclick()
        star.wait_for_selector("[data-share-bar]", state="hidden")
        star.wait_for_selector(".bubble.mine:not(.pending) .note-share")
        star.wait_for_timeout(600)
        assert star.locator(".bubble.mine .note-share").count() == 1
        assert Message.objects.filter(note_id=note["id"]).count() == 1
        shot(star, f"messages-phone-thread-{tag}")

        # The fan sees "Read" under his message, in a colour that can be read.
        fan.reload()
        fan.wait_for_selector(".bubble.mine .read-mark")
        assert fan.locator(".read-mark").inner_text() == words["read"]
        assert fan.evaluate(CONTRAST, ".read-mark") >= 4.5
        assert fan.evaluate(CONTRAST, ".bubble.mine .meta") >= 4.5
        assert not fan.errors and not star.errors, fan.errors + star.errors
    finally:
        for context in contexts:
            context.close()
