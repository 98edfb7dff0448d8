"""Rough edges a newcomer met on a phone (issue 22), in English and in Chinese: composing on a 390 px
screen (no sideways scrolling, the camera offered, a file over the limit refused before it is sent,
a refused file never called the cover, a title error that goes once the title is fixed, @mention
suggestions for someone who follows no one), and notifications that read as sentences."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import phone_page, shot, sign_up

pytestmark = pytest.mark.django_db(transaction=True)

MB = 1024 * 1024
WORDS = {
    "en": {"too_large": "too large", "title": "too long", "liked": r"liked your note · (now|\d+ seconds? ago)"},
    "zh-CN": {"too_large": "文件太大", "title": "标题太长", "liked": r"赞了你的笔记 · (现在|\d+秒前)"},
}


@pytest.fixture
def phone(browser: Any, live_server: Any) -> Any:
    contexts: list[Any] = []

    def make(language: str) -> Any:
        context, page = phone_page(browser, live_server.url, language)
        contexts.append(context)
        return page

    yield make
    for context in contexts:
        context.close()


def fits(page: Any) -> None:
    width, inner = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
    assert width <= inner, f"{page.url} is {width}px wide on a {inner}px screen"


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_composing_on_a_phone(phone, language, settings, make_user, photos):
    settings.VERMILION_MEDIA = {**settings.VERMILION_MEDIA, "max_image_bytes": 1 * MB}
    words = WORDS[language]
    tag = "en" if language == "en" else "zh"
    make_user(f"lina_{tag}", display_name="Lina 厨房", followers_count=800)
    page = phone(language)
    sign_up(page, f"newcomer_{tag}")
    uploads: list[str] = []
    page.on("request", lambda request: uploads.append(request.url) if request.url.endswith("/api/v1/media") else None)
    page.goto(page.base + "/compose")
    page.wait_for_selector("[data-compose]")
    fits(page)

    # The camera is one tap away on a phone; the gallery stays.
    assert page.locator(".camera-button").is_visible()
    assert page.get_attribute("#compose-camera", "capture") == "environment"
    assert page.get_attribute("#compose-files", "multiple") is not None

    # Over the limit: refused on the phone, nothing sent, and it is not the cover.
    page.set_input_files("[data-files]", files=[{"name": "huge.jpg", "mimeType": "image/jpeg",
                                                 "buffer": b"\xff\xd8\xff" + bytes(2 * MB)}])
    page.wait_for_selector(".upload.failed .upload-error")
    assert words["too_large"] in page.locator(".upload.failed .upload-error").inner_text()
    assert "1 MB" in page.locator(".upload.failed .upload-error").inner_text()
    assert uploads == []
    # Refused by the server (not a photo at all): an error on its tile, still not the cover.
    page.set_input_files("[data-files]", files=[{"name": "fake.jpg", "mimeType": "image/jpeg", "buffer": b"just text"}])
    page.locator(".upload.failed").nth(1).locator(".upload-error").wait_for()
    assert page.locator(".cover-tag").count() == 0
    # A real photo after them is the cover.
    page.set_input_files("[data-files]", files=[str(photos[0])])
    page.wait_for_selector(".upload.ready .cover-tag")
    assert page.locator(".cover-tag").count() == 1 and page.locator(".upload.failed .cover-tag").count() == 0
    assert len(uploads) == 2
    page.locator("[data-uploads]").scroll_into_view_if_needed()
    shot(page, f"compose-uploads-{tag}")

    # A title that is too long says so, also after Publish, and the error goes once it is fixed.
    page.fill("#compose-title", "x" * 45)
    error = page.locator("[data-error-for=title]")
    assert error.is_visible() and words["title"] in error.inner_text()
    with page.expect_response(lambda answer: answer.url.endswith("/api/v1/notes")) as answered:
        page.click("[data-publish]")
    assert answered.value.status == 400 and answered.value.json()["error"]["fields"]["title"]
    page.wait_for_selector("[data-publish]:not([disabled])")
    assert error.is_visible() and words["title"] in error.inner_text()
    page.fill("#compose-title", "Lunch")
    assert not error.is_visible()

    # Very long words and links wrap; @mentions are suggested to someone who follows no one.
    page.fill("#compose-body", "https://example.com/" + "a" * 300 + " " + "很长的词" * 60 + " @li")
    page.locator("#compose-body").press("End")
    page.locator("#compose-body").type("n")
    option = page.locator(".mention-suggestions [role=option]", has_text=f"@lina_{tag}")
    option.wait_for()
    option.click()
    assert f"@lina_{tag} " in page.input_value("#compose-body")
    assert page.locator(".mention-suggestions").is_hidden()
    fits(page)
    shot(page, f"compose-phone-{tag}")
    assert not page.errors, page.errors


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_notifications_read_as_sentences(phone, language, make_user, post_note, client_for):
    from vermilion.accounts.models import User

    tag = "en" if language == "en" else "zh"
    page = phone(language)
    sign_up(page, f"author_{tag}")
    note = post_note(User.objects.get(username=f"author_{tag}"), title="咖啡拉花", body="今天的拿铁")
    assert client_for(make_user(f"liker_{tag}")).post(f"/api/v1/notes/{note['id']}/like").status_code == 200
    page.goto(page.base + "/notifications?group=likes_collects")
    page.wait_for_selector(".notification .what")
    text = " ".join(page.locator(".notification .what").inner_text().split())
    assert re.fullmatch(WORDS[language]["liked"], text), text
    fits(page)
    assert not page.errors, page.errors
