"""Every page renders for whom it should, refuses whom it should, in both languages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.test import Client

import vermilion

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def note(make_user, post_note):  # type: ignore[no-untyped-def]
    author = make_user("meimei")
    return post_note(author, title="早茶之后来一杯拿铁", body="好喝 #咖啡 #CatTax")


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def page_data(response, element_id: str):  # type: ignore[no-untyped-def]
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', response.content.decode())
    assert match, f"no {element_id} in page"
    return json.loads(match.group(1))


def test_public_pages(client, note):
    home = client.get("/")
    assert home.status_code == 200
    assert [item["id"] for item in page_data(home, "first-page")["items"]] == [note["id"]]
    for path in ("/?tab=nearby", "/?tab=following", f"/n/{note['id']}", "/u/meimei", "/u/meimei?tab=likes",
                 "/u/meimei?tab=boards", "/u/meimei/followers", "/u/meimei/following", "/t/咖啡", "/t/cattax",
                 "/login", "/signup"):
        assert client.get(path).status_code == 200, path
    detail = page_data(client.get(f"/n/{note['id']}"), "note-data")
    assert detail["title"] == "早茶之后来一杯拿铁"


def test_unknown_things_are_404(client):
    for path in ("/n/123", "/n/not-an-id", "/u/nobody-here", "/t/never-used", "/b/42"):
        assert client.get(path).status_code == 404, path


def test_signed_in_pages_redirect_to_login(client):
    for path in ("/compose", "/notifications", "/settings"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/login"), path


def test_signed_in_pages(make_user, note):
    reader = make_user("reader")
    web = signed_in(reader)
    for path in ("/compose", "/notifications", "/notifications?group=follows", "/settings"):
        assert web.get(path).status_code == 200, path
    limits = page_data(web.get("/compose"), "compose-limits")
    assert limits == {"title_width": 40, "body_chars": 1000, "max_images": 18}


def test_only_the_author_edits(make_user, note):
    from vermilion.accounts.models import User

    assert signed_in(User.objects.get(username="meimei")).get(f"/compose/{note['id']}").status_code == 200
    assert signed_in(make_user("other")).get(f"/compose/{note['id']}").status_code == 404


def test_private_notes_stay_private(make_user, client_for, ready_image):
    author = make_user("secretive")
    api = client_for(author)
    private = api.post("/api/v1/notes", {"title": "mine", "body": "only me", "visibility": "private",
                                         "media_ids": [str(ready_image(author).pk)]}).json()
    assert Client().get(f"/n/{private['id']}").status_code == 404
    assert signed_in(make_user("nosy")).get(f"/n/{private['id']}").status_code == 404
    assert signed_in(author).get(f"/n/{private['id']}").status_code == 200


def test_chinese_and_english_shell(client, note):
    chinese = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).content.decode()
    assert "发现" in chinese and "附近" in chinese and 'lang="zh-hans"' in chinese
    strings = json.loads(re.search(r'<script id="i18n" type="application/json">(.*?)</script>', chinese).group(1))
    assert strings["like"] == "点赞" and strings["collect"] == "收藏"
    english = client.get("/", headers={"Accept-Language": "en"}).content.decode()
    assert "Discover" in english and "Nearby" in english


def test_first_page_scripts_and_styles_stay_under_100_kb(client, note):
    html = client.get("/").content.decode()
    static = Path(vermilion.__file__).parent / "web" / "static"
    css = re.findall(r'href="/static/([^"]+\.css)"', html)
    entry = re.findall(r'src="/static/([^"]+\.js)"', html)
    assert css and entry
    # Follow the module graph from the entry script: everything the page will load.
    seen: set[str] = set()
    pending = list(entry)
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        text = (static / name).read_text(encoding="utf-8")
        folder = str(Path(name).parent)
        pending += [f"{folder}/{m}" for m in re.findall(r'from "\./([^"]+)"', text)]
    total = sum((static / name).stat().st_size for name in seen | set(css))
    assert len(seen) >= 5
    assert total < 100 * 1024, f"{total} bytes"


def test_settings_saves_privacy(make_user):
    user = make_user("private_person")
    web = signed_in(user)
    response = web.post("/settings", {"section": "profile", "display_name": "P", "bio": "", "ui_language": ""})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.likes_public, user.collects_public) == (False, False)
    web.post("/settings", {"section": "profile", "display_name": "P", "likes_public": "1", "collects_public": "1"})
    user.refresh_from_db()
    assert (user.likes_public, user.collects_public) == (True, True)


def test_settings_errors_are_shown_not_crashed(make_user):
    web = signed_in(make_user("wordy"))
    response = web.post("/settings", {"section": "profile", "display_name": "x" * 200},
                        headers={"Accept-Language": "zh-CN"})
    assert response.status_code == 400
    assert "field-errors" in response.content.decode()


def test_login_page_shows_wrong_password(client, make_user):
    make_user("jake")
    response = client.post("/login", {"username": "jake", "password": "wrong-password"})
    assert response.status_code == 400
    assert "Wrong username or password." in response.content.decode()


def test_language_switch_is_saved_for_signed_in_people(make_user, client):
    user = make_user("switcher", ui_language="en")
    web = signed_in(user)
    response = web.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.ui_language == "zh-hans"
    assert "发现" in web.get("/").content.decode()
    # Anonymous visitors get a cookie; an unknown language changes nothing.
    assert client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"}).cookies["vermilion_language"].value == "zh-hans"
    web.post("/i18n/setlang/", {"language": "klingon", "next": "/"})
    user.refresh_from_db()
    assert user.ui_language == "zh-hans"


def test_settings_feed_preferences(make_user):
    from vermilion.feed.discover import preferences_of

    user = make_user("tuner")
    web = signed_in(user)
    response = web.post("/settings", {"section": "feed", "discovery": "20", "muted_words": "剧透， spoiler",
                                      "muted_topics": "#猫税"})
    assert response.status_code == 302
    prefs = preferences_of(user)
    assert (prefs.discovery, prefs.muted_words, prefs.muted_topics) == (20, ["剧透", "spoiler"], ["猫税"])
    bad = web.post("/settings", {"section": "feed", "discovery": "500", "muted_words": "", "muted_topics": ""},
                   headers={"Accept-Language": "zh-CN"})
    assert bad.status_code == 400
    assert preferences_of(user).discovery == 20
    assert 'value="剧透, spoiler"' in web.get("/settings").content.decode()
