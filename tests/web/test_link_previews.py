"""A note's address reads on its own: title, text, first photo and author in the HTML, with the Open
Graph / Twitter card tags and structured data a pasted link previews from, and nothing of a note the
reader may not see."""

from __future__ import annotations

import html as htmllib
import json
import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db(transaction=True)


def meta(page: str, key: str) -> str | None:
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', page)
    return htmllib.unescape(match.group(1)) if match else None


def structured(page: str) -> dict:  # type: ignore[type-arg]
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])  # type: ignore[no-any-return]


@pytest.fixture
def note(make_user, post_note):  # type: ignore[no-untyped-def]
    author = make_user("meimei", display_name="美美做饭")
    return post_note(author, title="早茶之后来一杯拿铁 ☕", body="广州老城区的小店，拿铁拉花很好看。\n#咖啡 #探店 @meimei",
                     images=2, location="广州 · 荔湾")


def test_a_note_reads_without_javascript(client, note):
    response = client.get(f"/n/{note['id']}")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>早茶之后来一杯拿铁 ☕</h1>" in page
    assert "广州老城区的小店，拿铁拉花很好看。" in page
    assert '<a href="/t/%E5%92%96%E5%95%A1" class="topic">#咖啡</a>' in page
    assert '<a href="/u/meimei" class="mention">@meimei</a>' in page
    assert '<a href="/u/meimei" class="author">' in page and "美美做饭" in page
    photos = re.findall(r'<figure class="slide"[^>]*><img src="([^"]+)"', page)
    assert photos == [m["urls"]["detail"] for m in note["media"]]
    assert 'fetchpriority="high"' in page  # the first photo is the page's largest paint: fetched first
    assert ">Guangzhou · Liwan</p>" in page  # the place in the reader's language


def test_open_graph_twitter_and_canonical(client, note):
    page = client.get(f"/n/{note['id']}").content.decode()
    url = f"http://testserver/n/{note['id']}"
    assert f'<link rel="canonical" href="{url}">' in page
    assert meta(page, "og:url") == url
    assert meta(page, "og:type") == "article"
    assert meta(page, "og:title") == "早茶之后来一杯拿铁 ☕"
    assert meta(page, "og:description").startswith("广州老城区的小店")
    assert meta(page, "og:image") == "http://testserver" + note["media"][0]["urls"]["detail"]
    assert meta(page, "og:image:width") == "1080" and meta(page, "og:image:height") == "1440"
    assert meta(page, "article:author") == "http://testserver/u/meimei"
    assert meta(page, "twitter:card") == "summary_large_image"
    assert meta(page, "twitter:image") == meta(page, "og:image")
    assert meta(page, "og:locale") == "en_US"
    chinese = client.get(f"/n/{note['id']}", headers={"Accept-Language": "zh-CN"}).content.decode()
    assert meta(chinese, "og:locale") == "zh_CN"
    assert ">广州 · 荔湾</p>" in chinese


def test_structured_data(client, note):
    data = structured(client.get(f"/n/{note['id']}").content.decode())
    assert data["@type"] == "SocialMediaPosting" and data["@context"] == "https://schema.org"
    assert data["headline"] == "早茶之后来一杯拿铁 ☕"
    assert data["url"] == data["mainEntityOfPage"] == f"http://testserver/n/{note['id']}"
    assert data["author"] == {"@type": "Person", "name": "美美做饭", "alternateName": "@meimei",
                              "url": "http://testserver/u/meimei"}
    assert data["image"].startswith("http://testserver/")
    assert data["datePublished"] and set(data["keywords"]) >= {"咖啡", "探店"}


def test_markup_in_a_note_cannot_escape_its_tags(client, make_user, post_note):
    title = 'Cats "&" </script><script>alert(1)</script>'
    note = post_note(make_user("mallory"), title=title[:40], body="<img src=x onerror=alert(1)> </script>")
    page = client.get(f"/n/{note['id']}").content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert meta(page, "og:title") == note["title"]
    assert structured(page)["headline"] == note["title"]  # the JSON is intact, its "<" escaped


def test_a_long_text_is_cut_for_the_preview(client, make_user, post_note):
    note = post_note(make_user("wordy"), title="Long", body="word " * 150)
    description = meta(client.get(f"/n/{note['id']}").content.decode(), "og:description")
    assert len(description) <= 200 and description.endswith("…")


def test_nothing_of_a_removed_note_is_left(client, make_user, post_note, client_for):
    author = make_user("regretful")
    note = post_note(author, title="I take it back", body="never mind")
    assert client.get(f"/n/{note['id']}").status_code == 200
    assert client_for(author).delete(f"/api/v1/notes/{note['id']}").status_code in (200, 204)
    response = client.get(f"/n/{note['id']}")
    page = response.content.decode()
    assert response.status_code == 404
    assert "take it back" not in page and "never mind" not in page
    assert meta(page, "og:title") is None and "application/ld+json" not in page
    assert "This note is not available" in page


def test_a_note_hidden_from_the_reader_leaks_nothing(make_user, post_note, client_for):
    author = make_user("grumpy")
    note = post_note(author, title="Only for friends", body="secret plans")
    blocked = make_user("blocked_reader")
    assert client_for(author).post("/api/v1/users/blocked_reader/block").status_code == 200
    web = Client()
    web.force_login(blocked)
    response = web.get(f"/n/{note['id']}")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Only for friends" not in page and "secret plans" not in page and "og:image" not in page


def test_a_profile_previews_too(client, make_user):
    make_user("sara_paints", display_name="Sara", bio="Trading art tips for Chinese lessons")
    page = client.get("/u/sara_paints").content.decode()
    assert '<link rel="canonical" href="http://testserver/u/sara_paints">' in page
    assert meta(page, "og:title") == "Sara (@sara_paints)"
    assert meta(page, "og:description") == "Trading art tips for Chinese lessons"
    assert meta(page, "og:type") == "profile"


def test_the_api_names_the_place_in_the_readers_language(anon, note):
    english = anon.get(f"/api/v1/notes/{note['id']}").json()
    chinese = anon.get(f"/api/v1/notes/{note['id']}", headers={"Accept-Language": "zh-CN"}).json()
    assert english["location"] == chinese["location"] == "广州 · 荔湾"  # as the author wrote it
    assert (english["location_label"], chinese["location_label"]) == ("Guangzhou · Liwan", "广州 · 荔湾")
