from __future__ import annotations

import pytest

from tests.conftest import ApiClient
from vermilion.accounts.models import User
from vermilion.notes.models import Note, Topic

pytestmark = pytest.mark.django_db


def test_post_note_parses_topics_mentions_language_and_region(make_user, ready_image, client_for):
    author = make_user("meimei")
    make_user("jake_in_ohio")
    api = client_for(author)
    api.client = ApiClient(token=api.token, remote_addr="202.96.128.86").client  # a Guangzhou address
    media = [str(ready_image(author).pk), str(ready_image(author).pk)]
    response = api.post("/api/v1/notes", {
        "title": "广州早茶攻略", "body": "虾饺必点 #早茶 #广州美食 @jake_in_ohio 一起去吗",
        "media_ids": media, "location": "广州", "topics": ["旅行"],
    })
    assert response.status_code == 201, response.content
    note = response.json()
    assert note["status"] == "published"
    assert [m["id"] for m in note["media"]] == media
    assert [t["name"] for t in note["topics"]] == ["旅行", "早茶", "广州美食"]
    assert note["mentions"] == [{"username": "jake_in_ohio"}]
    assert note["language"] == "zh"
    assert note["ip_region"] == "Guangdong"
    assert note["counts"] == {"likes": 0, "collects": 0, "comments": 0, "views": 0}
    author.refresh_from_db()
    assert author.notes_count == 1
    assert Topic.objects.get(key="早茶").notes_count == 1


@pytest.mark.parametrize(
    ("title", "ok"),
    [("猫" * 20, True), ("猫" * 21, False), ("a" * 40, True), ("a" * 41, False), ("猫" * 19 + "ab", True),
     ("猫" * 19 + "abc", False), ("🐱" * 20, True), ("🐱" * 21, False)],
)
def test_title_limit_counts_cjk_as_two(make_user, ready_image, client_for, title, ok):
    user = make_user()
    response = client_for(user).post("/api/v1/notes", {
        "title": title, "body": "body", "media_ids": [str(ready_image(user).pk)]})
    assert response.status_code == (201 if ok else 400), response.content
    if not ok:
        assert response.json()["error"]["code"] == "title_too_long"
        assert Note.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"title": ""}, "title_required"),
        ({"title": "   "}, "title_required"),
        ({"body": ""}, "body_required"),
        ({"body": "x" * 1001}, "body_too_long"),
        ({"media_ids": []}, "media_required"),
        ({"visibility": "everyone"}, "invalid_visibility"),
        ({"location": "x" * 61}, "location_too_long"),
        ({"media_ids": ["nope"]}, "invalid_media"),
        ({"media_ids": ["999999999"]}, "invalid_media"),
    ],
)
def test_bad_notes_are_refused_and_nothing_is_written(make_user, ready_image, client_for, change, code):
    user = make_user()
    payload = {"title": "Title", "body": "Body #topic", "media_ids": [str(ready_image(user).pk)], **change}
    response = client_for(user, language="zh-hans").post("/api/v1/notes", payload)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == code
    assert Note.objects.count() == 0
    assert Topic.objects.count() == 0
    user.refresh_from_db()
    assert user.notes_count == 0


def test_someone_elses_media_is_refused(make_user, ready_image, client_for):
    owner, thief = make_user(), make_user()
    response = client_for(thief).post("/api/v1/notes", {
        "title": "Mine", "body": "Mine", "media_ids": [str(ready_image(owner).pk)]})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_media"
    assert Note.objects.count() == 0


def test_too_many_images(make_user, ready_image, client_for):
    user = make_user()
    ids = [str(ready_image(user).pk) for _ in range(19)]
    response = client_for(user).post("/api/v1/notes", {"title": "t", "body": "b", "media_ids": ids})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "too_many_images"
    assert Note.objects.count() == 0


def test_eighteen_images_keep_their_order(make_user, ready_image, client_for):
    user = make_user()
    ids = [str(ready_image(user).pk) for _ in range(18)]
    ids.reverse()
    response = client_for(user).post("/api/v1/notes", {"title": "t", "body": "b", "media_ids": ids})
    assert response.status_code == 201
    assert [m["id"] for m in response.json()["media"]] == ids


def test_topics_fold_case_width_and_script(make_user, post_note):
    user = make_user()
    post_note(user, body="#TikTokRefugee hello")
    post_note(user, body="#tiktokrefugee hi")
    post_note(user, body="＃ＴｉｋＴｏｋＲｅｆｕｇｅｅ full width")
    post_note(user, body="#貓稅 traditional")
    post_note(user, body="#猫税 simplified")
    assert Topic.objects.get(key="tiktokrefugee").notes_count == 3
    assert Topic.objects.get(key="猫税").notes_count == 2
    anon = ApiClient()
    topic = anon.get("/api/v1/topics/TIKTOKREFUGEE").json()
    assert topic["notes_count"] == 3
    assert topic["name"] == "TikTokRefugee"


def test_draft_then_publish(make_user, ready_image, client_for):
    user = make_user()
    api = client_for(user)
    draft = api.post("/api/v1/notes", {"title": "half-done", "draft": True}).json()
    assert draft["status"] == "draft"
    assert ApiClient().get(f"/api/v1/notes/{draft['id']}").status_code == 404
    refused = api.post(f"/api/v1/notes/{draft['id']}/publish")
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] in {"body_required", "media_required"}
    assert Note.objects.get().status == "draft"
    api.patch(f"/api/v1/notes/{draft['id']}", {"body": "done now #drafts", "media_ids": [str(ready_image(user).pk)]})
    published = api.post(f"/api/v1/notes/{draft['id']}/publish").json()
    assert published["status"] == "published"
    assert ApiClient().get(f"/api/v1/notes/{draft['id']}").status_code == 200
    assert Topic.objects.get(key="drafts").notes_count == 1
    assert api.get("/api/v1/me/drafts").json()["items"] == []


def test_client_token_makes_retries_idempotent(make_user, ready_image, client_for):
    user = make_user()
    api = client_for(user)
    payload = {"title": "once", "body": "once", "media_ids": [str(ready_image(user).pk)], "client_token": "abc-123"}
    first = api.post("/api/v1/notes", payload).json()
    second = api.post("/api/v1/notes", payload).json()
    assert first["id"] == second["id"]
    assert Note.objects.count() == 1
    user.refresh_from_db()
    assert user.notes_count == 1


def test_visibility_private_and_followers(make_user, post_note, client_for):
    author, follower, stranger = make_user(), make_user(), make_user()
    private = post_note(author, visibility="private")
    followers_only = post_note(author, visibility="followers")
    client_for(follower).post(f"/api/v1/users/{author.username}/follow")
    for note in (private, followers_only):
        assert client_for(stranger).get(f"/api/v1/notes/{note['id']}").status_code == 404
        assert ApiClient().get(f"/api/v1/notes/{note['id']}").status_code == 404
    assert client_for(follower).get(f"/api/v1/notes/{followers_only['id']}").status_code == 200
    assert client_for(follower).get(f"/api/v1/notes/{private['id']}").status_code == 404
    assert client_for(author).get(f"/api/v1/notes/{private['id']}").status_code == 200


def test_edit_and_delete(make_user, post_note, client_for):
    author, other = make_user(), make_user()
    note = post_note(author, body="#before text")
    api = client_for(author)
    assert client_for(other).patch(f"/api/v1/notes/{note['id']}", {"title": "hijack"}).status_code == 403
    edited = api.patch(f"/api/v1/notes/{note['id']}", {"title": "New title", "body": "#after text"}).json()
    assert edited["title"] == "New title"
    assert edited["edited_at"] is not None
    assert Topic.objects.get(key="before").notes_count == 0
    assert Topic.objects.get(key="after").notes_count == 1
    too_long = api.patch(f"/api/v1/notes/{note['id']}", {"title": "猫" * 21})
    assert too_long.status_code == 400
    assert Note.objects.get().title == "New title"
    assert client_for(other).delete(f"/api/v1/notes/{note['id']}").status_code == 403
    assert api.delete(f"/api/v1/notes/{note['id']}").status_code == 200
    assert ApiClient().get(f"/api/v1/notes/{note['id']}").status_code == 404
    author.refresh_from_db()
    assert author.notes_count == 0
    assert Topic.objects.get(key="after").notes_count == 0


def test_unknown_and_malformed_note_ids_are_404(anon):
    for note_id in ("123", "abc", "-1", "9" * 30):
        response = anon.get(f"/api/v1/notes/{note_id}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_profile_tabs(make_user, post_note, client_for):
    author, reader = make_user(), make_user()
    note = post_note(author)
    client_for(reader).post(f"/api/v1/notes/{note['id']}/like")
    client_for(reader).post(f"/api/v1/notes/{note['id']}/collect")
    anon = ApiClient()
    assert [n["id"] for n in anon.get(f"/api/v1/users/{author.username}/notes").json()["items"]] == [note["id"]]
    assert [n["id"] for n in anon.get(f"/api/v1/users/{reader.username}/likes").json()["items"]] == [note["id"]]
    assert [n["id"] for n in anon.get(f"/api/v1/users/{reader.username}/collects").json()["items"]] == [note["id"]]
    User.objects.filter(pk=reader.pk).update(likes_public=False, collects_public=False)
    for tab in ("likes", "collects"):
        hidden = anon.get(f"/api/v1/users/{reader.username}/{tab}")
        assert hidden.status_code == 403
        assert hidden.json()["error"]["code"] == "private_tab"
        assert client_for(reader).get(f"/api/v1/users/{reader.username}/{tab}").status_code == 200
    profile = anon.get(f"/api/v1/users/{author.username}").json()
    assert profile["counts"]["likes_and_collects"] == 2
    assert profile["counts"]["notes"] == 1


def test_pagination_has_no_gaps_or_repeats(make_user, post_note):
    author = make_user()
    ids = [post_note(author, title=f"n{i}")["id"] for i in range(7)]
    anon = ApiClient()
    seen: list[str] = []
    cursor = None
    while True:
        url = f"/api/v1/users/{author.username}/notes?limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = anon.get(url).json()
        seen += [n["id"] for n in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == list(reversed(ids))
    bad = anon.get(f"/api/v1/users/{author.username}/notes?cursor=forged")
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "invalid_cursor"


def test_topic_suggestions_by_prefix(make_user, post_note, anon):
    author = make_user()
    post_note(author, body="#猫税 #CatTax #catfood")
    post_note(author, body="#猫税 #coffee")
    names = [t["name"] for t in anon.get("/api/v1/topics?q=cat").json()]
    assert set(names) == {"CatTax", "catfood"}
    assert [t["name"] for t in anon.get("/api/v1/topics?q=猫").json()] == ["猫税"]
    assert anon.get("/api/v1/topics").json()[0] == {"name": "猫税", "notes_count": 2, "views_count": 0,
                                                     "discussions_count": 0}
    assert anon.get("/api/v1/topics?q=" + "x" * 41).status_code == 400


@pytest.mark.parametrize("token", ["nul\x00byte", "line\nbreak", "x" * 65])
def test_a_malformed_client_token_is_refused_and_nothing_is_saved(make_user, ready_image, client_for, token):
    user = make_user()
    api = client_for(user, language="zh-hans")
    payload = {"title": "once", "body": "once", "media_ids": [str(ready_image(user).pk)], "client_token": token}
    response = api.post("/api/v1/notes", payload)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert "client_token" in error["fields"] and any("\u4e00" <= ch <= "\u9fff" for ch in error["message"])
    assert Note.objects.count() == 0
