"""Every restriction docs/api.md promises, on every write route it names: a muted or suspended
account gets 403 `account_restricted` and nothing is written; a banned one is signed out (401).
And a banned account's notes and comments leave everyone's sight, and come back if the ban is
reversed."""

from __future__ import annotations

from collections.abc import Callable
from itertools import product
from typing import Any

import pytest
from django.db.models import Model

from vermilion.graph.models import Follow
from vermilion.messaging.models import Conversation, Message
from vermilion.moderation.actions import restrict
from vermilion.moderation.models import Restriction
from vermilion.notes.models import Comment, Note

pytestmark = pytest.mark.django_db(transaction=True)

KINDS = [Restriction.Kind.MUTE, Restriction.Kind.SUSPEND, Restriction.Kind.BAN]


def _world(make_user: Any, client_for: Any, post_note: Any, ready_image: Any) -> dict[str, Any]:
    """The restricted person with a draft, a published note, an image, and people to reach."""
    person, friend, stranger = make_user("restricted_one"), make_user("their_friend"), make_user("a_stranger")
    api = client_for(person)
    published = post_note(person, title="before", body="written before")
    draft = api.post("/api/v1/notes", {"title": "draft", "body": "", "media_ids": [], "draft": True}).json()
    friends_note = post_note(friend, title="friend's note", body="#CatTax")
    conversation = client_for(friend).post("/api/v1/conversations", {"username": person.username}).json()["id"]
    client_for(friend).post(f"/api/v1/conversations/{conversation}/messages", {"body": "hi"})
    client_for(person).post(f"/api/v1/conversations/{conversation}/accept")
    return {"person": person, "api": api, "image": str(ready_image(person).pk), "published": published["id"],
            "draft": draft["id"], "friends_note": friends_note["id"], "conversation": conversation,
            "stranger": stranger.username}


# (name, request made by the restricted person, what must not have grown)
ROUTES: list[tuple[str, Callable[[dict[str, Any]], tuple[str, str, dict[str, Any]]], type[Model]]] = [
    ("post a note", lambda w: ("POST", "/api/v1/notes", {"title": "new", "body": "new", "media_ids": [w["image"]]}),
     Note),
    ("publish a draft", lambda w: ("POST", f"/api/v1/notes/{w['draft']}/publish", {}), Note),
    ("edit a note", lambda w: ("PATCH", f"/api/v1/notes/{w['published']}", {"body": "edited spam"}), Note),
    ("comment", lambda w: ("POST", f"/api/v1/notes/{w['friends_note']}/comments", {"body": "hello"}), Comment),
    ("follow", lambda w: ("POST", f"/api/v1/users/{w['stranger']}/follow", {}), Follow),
    ("open a conversation", lambda w: ("POST", "/api/v1/conversations", {"username": w["stranger"]}), Conversation),
    ("send a message", lambda w: ("POST", f"/api/v1/conversations/{w['conversation']}/messages", {"body": "x"}),
     Message),
]


@pytest.mark.parametrize(("kind", "route"), list(product(KINDS, ROUTES)), ids=lambda v: v if isinstance(v, str) else v[0])
def test_a_restricted_account_cannot_write(kind: str, route: Any, make_user: Any, client_for: Any, post_note: Any,
                                           ready_image: Any) -> None:
    world = _world(make_user, client_for, post_note, ready_image)
    _name, make, model = route
    restrict(world["person"].pk, kind, None, None)
    rows = model._default_manager.count()
    notes_text = list(Note.objects.order_by("pk").values_list("status", "body"))
    method, path, body = make(world)
    answer = world["api"].request(method, path, json=body)
    if kind == Restriction.Kind.BAN:
        assert answer.status_code == 401, answer.content  # a ban revokes every token
    else:
        assert answer.status_code == 403, answer.content
        assert answer.json()["error"]["code"] == "account_restricted"
    assert model._default_manager.count() == rows
    assert list(Note.objects.order_by("pk").values_list("status", "body")) == notes_text


def test_a_banned_accounts_notes_and_comments_leave_sight_and_return_on_reversal(
        make_user: Any, client_for: Any, post_note: Any) -> None:
    from vermilion.accounts.actions import reactivate_account

    author, reader = make_user("soon_gone"), make_user("still_here")
    note = post_note(author, title="a note of theirs")
    readers_note = post_note(reader, title="the reader's own")
    comment = client_for(author).post(f"/api/v1/notes/{readers_note['id']}/comments", {"body": "their comment"})
    assert comment.status_code == 201
    api = client_for(reader)
    restrict(author.pk, Restriction.Kind.BAN, None, None)
    assert api.get(f"/api/v1/notes/{note['id']}").status_code == 404
    assert api.get(f"/api/v1/notes/{readers_note['id']}/comments").json()["items"] == []
    assert note["id"] not in [n["id"] for n in api.get("/api/v1/topics/猫税/notes").json()["items"]]
    reactivate_account(author.pk)
    assert api.get(f"/api/v1/notes/{note['id']}").status_code == 200
    assert [c["body"] for c in api.get(f"/api/v1/notes/{readers_note['id']}/comments").json()["items"]] == \
        ["their comment"]
