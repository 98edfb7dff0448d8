from __future__ import annotations

import pytest

from tests.conftest import ApiClient
from vermilion.notes.models import Board, Collect, Comment, Like, Note, Topic

pytestmark = pytest.mark.django_db


def test_like_is_idempotent_and_counts_received(make_user, post_note, client_for):
    author, reader = make_user(), make_user()
    note = post_note(author)
    api = client_for(reader)
    assert api.post(f"/api/v1/notes/{note['id']}/like").json() == {
        "ok": True, "liked": True, "collected": None, "board_id": None, "count": 1}
    assert api.post(f"/api/v1/notes/{note['id']}/like").json()["count"] == 1
    assert Like.objects.count() == 1
    detail = api.get(f"/api/v1/notes/{note['id']}").json()
    assert detail["viewer"]["liked"] is True
    author.refresh_from_db()
    assert author.likes_received_count == 1
    assert api.delete(f"/api/v1/notes/{note['id']}/like").json()["count"] == 0
    assert api.delete(f"/api/v1/notes/{note['id']}/like").json()["count"] == 0
    author.refresh_from_db()
    assert author.likes_received_count == 0


def test_collect_into_boards_and_move(make_user, post_note, client_for):
    author, reader, other = make_user(), make_user(), make_user()
    note = post_note(author)
    api = client_for(reader)
    first = api.post(f"/api/v1/notes/{note['id']}/collect").json()
    default = Board.objects.get(owner=reader, is_default=True)
    assert first["board_id"] == str(default.pk)
    board = api.post("/api/v1/boards", {"name": "Guangzhou trip", "description": "food", "private": True})
    assert board.status_code == 201
    board_id = board.json()["id"]
    moved = api.post(f"/api/v1/notes/{note['id']}/collect", {"board_id": board_id}).json()
    assert moved["board_id"] == board_id
    assert moved["count"] == 1
    assert Collect.objects.count() == 1
    assert Board.objects.get(pk=default.pk).notes_count == 0
    assert Board.objects.get(pk=board_id).notes_count == 1
    # A private board is invisible to others; its notes stay out of the public collects tab.
    assert ApiClient().get(f"/api/v1/boards/{board_id}/notes").status_code == 404
    assert api.get(f"/api/v1/boards/{board_id}/notes").json()["items"][0]["id"] == note["id"]
    assert ApiClient().get(f"/api/v1/users/{reader.username}/collects").json()["items"] == []
    # Someone else's board looks like no board at all.
    other_board = client_for(other).post("/api/v1/boards", {"name": "mine"}).json()["id"]
    refused = api.post(f"/api/v1/notes/{note['id']}/collect", {"board_id": other_board})
    assert refused.status_code == 404
    assert refused.json()["error"]["code"] == "invalid_board"
    assert Collect.objects.get().board_id == int(board_id)
    author.refresh_from_db()
    assert author.collects_received_count == 1
    assert api.delete(f"/api/v1/notes/{note['id']}/collect").json()["collected"] is False
    author.refresh_from_db()
    assert author.collects_received_count == 0


def test_board_rules(make_user, client_for):
    api = client_for(make_user())
    assert api.post("/api/v1/boards", {"name": "  "}).json()["error"]["code"] == "board_name_required"
    assert api.post("/api/v1/boards", {"name": "x" * 41}).json()["error"]["code"] == "board_name_too_long"
    assert api.post("/api/v1/boards", {"name": "Trips"}).status_code == 201
    duplicate = api.post("/api/v1/boards", {"name": "Trips"})
    assert duplicate.status_code == 409
    assert duplicate.json()["error"]["code"] == "board_exists"
    boards = api.get("/api/v1/boards").json()["items"]
    assert [b["is_default"] for b in boards] == [True, False]
    default_id = boards[0]["id"]
    assert api.delete(f"/api/v1/boards/{default_id}").json()["error"]["code"] == "cannot_delete_default_board"


def test_two_level_comments(make_user, post_note, client_for):
    author, a, b = make_user(), make_user("alice"), make_user("bob")
    note = post_note(author, body="#早茶 yum")
    top = client_for(a).post(f"/api/v1/notes/{note['id']}/comments", {"body": "看起来好好吃"}).json()
    assert top["parent_id"] is None
    assert top["language"] == "zh"
    reply = client_for(b).post(f"/api/v1/notes/{note['id']}/comments", {"body": "agreed!", "parent_id": top["id"]}).json()
    assert reply["parent_id"] == top["id"]
    assert reply["reply_to"] == {"username": "alice"}
    nested = client_for(a).post(f"/api/v1/notes/{note['id']}/comments", {"body": "@bob 一起去", "parent_id": reply["id"]}).json()
    assert nested["parent_id"] == top["id"]  # still two levels
    assert nested["reply_to"] == {"username": "bob"}
    listing = ApiClient().get(f"/api/v1/notes/{note['id']}/comments").json()
    assert len(listing["items"]) == 1
    assert listing["items"][0]["replies_count"] == 2
    assert len(listing["items"][0]["replies"]) == 2
    assert ApiClient().get(f"/api/v1/notes/{note['id']}").json()["counts"]["comments"] == 3
    assert Topic.objects.get(key="早茶").discussions_count == 3
    # The note's author may delete any comment on it; the thread goes with its first comment.
    assert client_for(b).delete(f"/api/v1/comments/{top['id']}").status_code == 403
    assert client_for(author).delete(f"/api/v1/comments/{top['id']}").status_code == 200
    assert ApiClient().get(f"/api/v1/notes/{note['id']}").json()["counts"]["comments"] == 0
    assert Topic.objects.get(key="早茶").discussions_count == 0


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"body": ""}, 400, "comment_empty"),
        ({"body": "   "}, 400, "comment_empty"),
        ({"body": "x" * 501}, 400, "comment_too_long"),
        ({"body": "hi", "parent_id": "123"}, 404, "invalid_parent"),
        ({"body": "hi", "media_id": "123"}, 400, "invalid_media"),
    ],
)
def test_bad_comments(make_user, post_note, client_for, payload, status, code):
    author = make_user()
    note = post_note(author)
    response = client_for(make_user()).post(f"/api/v1/notes/{note['id']}/comments", payload)
    assert response.status_code == status, response.content
    assert response.json()["error"]["code"] == code
    assert Comment.objects.count() == 0
    assert Note.objects.get().comments_count == 0


def test_comment_on_deleted_or_invisible_note_is_404(make_user, post_note, client_for):
    author, reader = make_user(), make_user()
    gone = post_note(author)
    hidden = post_note(author, visibility="private")
    client_for(author).delete(f"/api/v1/notes/{gone['id']}")
    for note in (gone, hidden):
        response = client_for(reader).post(f"/api/v1/notes/{note['id']}/comments", {"body": "hello"})
        assert response.status_code == 404
    assert Comment.objects.count() == 0


def test_comment_likes(make_user, post_note, client_for):
    author, reader = make_user(), make_user()
    note = post_note(author)
    comment = client_for(author).post(f"/api/v1/notes/{note['id']}/comments", {"body": "first"}).json()
    api = client_for(reader)
    assert api.post(f"/api/v1/comments/{comment['id']}/like").json()["count"] == 1
    assert api.post(f"/api/v1/comments/{comment['id']}/like").json()["count"] == 1
    listing = api.get(f"/api/v1/notes/{note['id']}/comments").json()
    assert listing["items"][0]["viewer_liked"] is True
    assert api.delete(f"/api/v1/comments/{comment['id']}/like").json()["count"] == 0


def test_liking_drafts_is_refused(make_user, client_for):
    author = make_user()
    draft = client_for(author).post("/api/v1/notes", {"title": "d", "draft": True}).json()
    response = client_for(author).post(f"/api/v1/notes/{draft['id']}/like")
    assert response.status_code == 409
    assert Like.objects.count() == 0
