"""The app shell around every page: the phone's tab bar and top bar, the installable app (manifest,
service worker, offline page, icons), and the rough edges of profiles and notes (plurals, places)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.test import Client
from PIL import Image

import vermilion
from vermilion.web import pwa

pytestmark = pytest.mark.django_db(transaction=True)

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
STATIC = Path(vermilion.__file__).parent / "web" / "static"


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def tab_links(page: str) -> list[str]:
    bar = re.search(r'<nav class="tabbar".*?</nav>', page, re.S)
    assert bar, "no tab bar"
    return re.findall(r'<a href="([^"]+)"', bar.group(0))


def test_every_page_has_the_tab_bar_home_search_post_messages_me(make_user):
    web = signed_in(make_user("mei"))
    page = web.get("/").content.decode()
    assert tab_links(page) == ["/", "/search", "/compose", "/messages", "/u/mei"]
    assert 'data-mirror="unread-messages"' in page  # the Messages tab shows the unread count
    assert re.search(r'<a href="/"\s+aria-current="page">', page)
    assert tab_links(Client().get("/").content.decode())[-1] == "/login"  # "Me" signs a visitor in
    chinese = web.get("/", headers=ZH).content.decode()
    assert all(word in chinese for word in (">首页<", ">搜索<", ">私信<", ">我<"))


def test_the_viewport_leaves_room_for_the_notch():
    page = Client().get("/").content.decode()
    assert 'content="width=device-width, initial-scale=1, viewport-fit=cover"' in page
    css = (STATIC / "web/app.css").read_text()
    assert "env(safe-area-inset-bottom)" in css and "overflow-wrap: anywhere" in css


def test_sign_out_is_on_my_own_page_not_in_the_main_menu(make_user):
    me = make_user("mei")
    make_user("jake")
    web = signed_in(me)
    home = web.get("/").content.decode()
    topnav = re.search(r'<nav class="topnav".*?</nav>', home, re.S).group(0)
    assert "/logout" not in topnav and "Sign out" not in topnav
    mine = web.get("/u/mei").content.decode()
    assert 'action="/logout"' in mine and "data-sign-out" in mine
    assert "data-sign-out" not in web.get("/u/jake").content.decode()
    assert web.post("/logout").status_code == 302
    assert "data-me" not in web.get("/").content.decode()


def test_a_note_page_has_its_action_bar_instead_of_the_tab_bar(make_user, post_note):
    note = post_note(make_user("mei"))
    page = signed_in(make_user("reader")).get(f"/n/{note['id']}").content.decode()
    assert 'class="tabbar"' not in page
    assert 'class="actions-bar"' in page
    assert "data-follow-author" in page and 'aria-pressed="false"' in page


def test_the_follow_button_beside_the_author_knows_the_relation(make_user, post_note, client_for):
    author = make_user("mei")
    note = post_note(author)
    reader = make_user("fan")
    assert client_for(reader).post("/api/v1/users/mei/follow").json()["following"] is True
    page = signed_in(reader).get(f"/n/{note['id']}").content.decode()
    assert re.search(r'data-follow-author aria-pressed="true">Following<', page)
    assert "data-follow-author" not in signed_in(author).get(f"/n/{note['id']}").content.decode()  # not oneself
    anonymous = Client().get(f"/n/{note['id']}").content.decode()
    assert f'href="/login?next=/n/{note["id"]}"' in anonymous.replace("%2F", "/")


# --- the installable app ---------------------------------------------------------------------------

def test_manifest_is_valid_and_complete(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["name"] == "Vermilion" and data["short_name"]
    assert data["start_url"] == "/" and data["scope"] == "/" and data["display"] == "standalone"
    assert re.fullmatch(r"#[0-9a-f]{6}", data["theme_color"]) and data["background_color"]
    icons = {(icon["sizes"], icon["purpose"]): icon for icon in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= set(icons)
    for (sizes, _purpose), icon in icons.items():
        path = STATIC / icon["src"].removeprefix("/static/")
        assert path.exists(), icon["src"]
        if icon["type"] == "image/png":
            with Image.open(path) as image:
                assert f"{image.width}x{image.height}" == sizes
    assert json.loads(client.get("/manifest.webmanifest", headers=ZH).content)["name"] == "朱红"


def test_every_page_links_the_manifest_and_icons_that_exist(client):
    page = client.get("/").content.decode()
    links = dict(re.findall(r'<link rel="(manifest|icon|apple-touch-icon)" href="([^"]+)"', page))
    assert set(links) == {"manifest", "icon", "apple-touch-icon"}
    assert client.get(links["manifest"]).status_code == 200
    for href in re.findall(r'<link rel="(?:icon|apple-touch-icon)" href="([^"]+)"', page):
        if href.startswith("/static/"):
            assert (STATIC / href.removeprefix("/static/")).exists(), href
        else:
            assert client.get(href).status_code == 200, href


def test_favicon_is_served_from_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as icon:
        assert icon.format == "ICO"


def test_service_worker_is_served_for_the_whole_site(client):
    response = client.get("/sw.js")
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    shell = json.loads(re.search(r"const SHELL = (\[.*?\]);", body).group(1))
    assert {"/static/web/app.css", "/static/web/app.js", "/static/web/icons/icon-192.png", "/offline"} <= set(shell)
    assert re.search(r'const VERSION = "[0-9a-f]{16}";', body)
    assert client.post("/sw.js").status_code == 405


def test_a_new_release_is_a_new_worker(tmp_path, monkeypatch):
    (tmp_path / "app.css").write_text("body {}")
    monkeypatch.setattr(pwa, "_static_dir", lambda: tmp_path)
    pwa.shell_files.cache_clear()
    try:
        before = pwa.shell_files()[1]
        (tmp_path / "app.css").write_text("body { color: red }")
        pwa.shell_files.cache_clear()
        assert pwa.shell_files()[1] != before
    finally:
        pwa.shell_files.cache_clear()


def test_offline_page_is_in_both_languages_and_about_no_one(make_user):
    response = signed_in(make_user("somebody_specific")).get("/offline")
    page = response.content.decode()
    assert response.status_code == 200
    assert "You are offline" in page and "网络已断开" in page
    assert "somebody_specific" not in page and "csrfmiddlewaretoken" not in page
    assert "/static/web/app.css" in page


def test_the_shell_scripts_refuse_offline_actions_with_a_message(client):
    strings = json.loads(re.search(r'<script id="i18n" type="application/json">(.*?)</script>',
                                   client.get("/", headers=ZH).content.decode()).group(1))
    assert strings["offline_action"].startswith("网络已断开")
    api_js = (STATIC / "web/api.js").read_text()
    assert "navigator.onLine === false" in api_js and 't(offline ? "offline_action" : "network_failed")' in api_js


def test_the_feed_does_not_load_the_compose_or_note_code_up_front():
    app_js = (STATIC / "web/app.js").read_text()
    static_imports = re.findall(r'^import .* from "\./([^"]+)";', app_js, re.M)
    assert "compose.js" not in static_imports and "note.js" not in static_imports
    assert 'import("./note.js")' in app_js and 'import("./compose.js")' in app_js


# --- profiles and notes: plurals and places ----------------------------------------------------

def test_followers_are_counted_in_proper_plurals(make_user, client_for):
    make_user("popular")
    for n, fan in enumerate(("fan1", "fan2"), start=1):
        client_for(make_user(fan)).post("/api/v1/users/popular/follow")
        page = Client().get("/u/popular").content.decode()
        label = re.search(r"<strong data-followers-count>(\d+)</strong> <span data-followers-label>(\w+)</span>", page)
        assert label.groups() == (str(n), "Follower" if n == 1 else "Followers")
    chinese = Client().get("/u/popular", headers=ZH).content.decode()
    assert "<span data-followers-label>粉丝</span>" in chinese
    assert re.search(r"<strong>0</strong> Notes</li>", Client().get("/u/fan1").content.decode())


def test_an_unknown_region_is_not_shown_as_a_place(make_user, post_note):
    make_user("nowhere", ip_region="")
    page = Client().get("/u/nowhere").content.decode().split('<script id="i18n"')[0]  # not the scripts' strings
    assert "IP region" not in page and "Unknown" not in page and 'data-testid="ip-region"' not in page
    note = post_note(make_user("somewhere"))
    note_page = Client().get(f"/n/{note['id']}").content.decode()
    assert "Unknown" not in re.search(r'<p class="note-meta muted">.*?</p>', note_page, re.S).group(0)


def test_a_known_region_reads_whole_in_either_language(make_user):
    make_user("sichuan", ip_region="CN-SC")
    assert "IP region: Sichuan" in Client().get("/u/sichuan").content.decode()
    assert "IP属地：四川" in Client().get("/u/sichuan", headers=ZH).content.decode()


def test_place_and_region_do_not_mix_languages(make_user, post_note, anon):
    author = make_user("ahmao", ip_region="CN-SC")
    note = post_note(author, location="成都")
    from vermilion.notes.models import Note

    Note.objects.filter(pk=note["id"]).update(ip_region="CN-SC")
    english = Client().get(f"/n/{note['id']}").content.decode()
    assert ">Chengdu</p>" in english and "IP region: Sichuan" in english and "成都" not in english.split("note-data")[0]
    chinese = Client().get(f"/n/{note['id']}", headers=ZH).content.decode()
    assert ">成都</p>" in chinese and "IP属地：四川" in chinese and "Sichuan" not in chinese


def test_the_feed_fetches_its_first_covers_early_and_lists_notes_without_javascript(make_user, post_note):
    note = post_note(make_user("mei"), title="Cat tax paid")
    page = Client().get("/").content.decode()
    assert f'<link rel="preload" as="image" href="{note["media"][0]["urls"]["card"]}" fetchpriority="high">' in page
    noscript = re.search(r"<noscript><ul class=\"noscript-list\">(.*?)</ul></noscript>", page, re.S).group(1)
    assert f'<a href="/n/{note["id"]}">Cat tax paid</a>' in noscript
