from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from vermilion.accounts.callers import me, reader
from vermilion.accounts.models import User
from vermilion.accounts.present import author_payload, profile_payload
from vermilion.accounts.queries import user_by_username
from vermilion.accounts.schemas import ProfileOut
from vermilion.accounts.standing import check_scaled_rate
from vermilion.kit.errors import not_found
from vermilion.kit.http.auth import signed_in
from vermilion.kit.pagination import keyset_page

from . import actions
from .models import Block, Follow, Mute
from .queries import relationship

router = Router(tags=["graph"])


class RelationOut(Schema):
    is_self: bool
    following: bool
    followed_by: bool
    blocking: bool
    muting: bool


class PersonPage(Schema):
    items: list[dict[str, Any]]
    next_cursor: str | None


def _target(username: str) -> User:
    user = user_by_username(username)
    if user is None:
        raise not_found()
    return user


def _relation(request: HttpRequest, target: User) -> dict[str, bool]:
    state = relationship(me(request), target)
    assert state is not None
    return state


ACTIONS = {
    "follow": (actions.do_follow, actions.do_unfollow),
    "block": (actions.do_block, actions.do_unblock),
    "mute": (actions.do_mute, actions.do_unmute),
}


def _register(kind: str) -> None:
    do, undo = ACTIONS[kind]

    @router.post(f"/users/{{username}}/{kind}", response=RelationOut, auth=signed_in, operation_id=f"{kind}_user")
    def add(request: HttpRequest, username: str) -> dict[str, bool]:
        target = _target(username)
        if kind == "follow":
            check_scaled_rate(me(request), "follow")
        do(me(request), target)
        return _relation(request, target)

    @router.delete(f"/users/{{username}}/{kind}", response=RelationOut, auth=signed_in, operation_id=f"un{kind}_user")
    def remove(request: HttpRequest, username: str) -> dict[str, bool]:
        target = _target(username)
        undo(me(request), target)
        return _relation(request, target)


for _kind in ACTIONS:
    _register(_kind)


@router.get("/users/{username}/followers", response=PersonPage, auth=None)
def followers(request: HttpRequest, username: str, cursor: str | None = None, limit: int | None = None) -> dict[str, Any]:
    target = _target(username)
    edges = Follow.objects.filter(followee=target).select_related("follower__avatar")
    rows, next_cursor = keyset_page(edges, cursor, f"followers:{target.pk}", limit)
    return {"items": [author_payload(e.follower) for e in rows], "next_cursor": next_cursor}


@router.get("/users/{username}/following", response=PersonPage, auth=None)
def following(request: HttpRequest, username: str, cursor: str | None = None, limit: int | None = None) -> dict[str, Any]:
    target = _target(username)
    edges = Follow.objects.filter(follower=target).select_related("followee__avatar")
    rows, next_cursor = keyset_page(edges, cursor, f"following:{target.pk}", limit)
    return {"items": [author_payload(e.followee) for e in rows], "next_cursor": next_cursor}


@router.get("/me/blocked", response=PersonPage, auth=signed_in)
def my_blocked(request: HttpRequest, cursor: str | None = None, limit: int | None = None) -> dict[str, Any]:
    edges = Block.objects.filter(blocker=me(request)).select_related("blocked__avatar")
    rows, next_cursor = keyset_page(edges, cursor, "blocked", limit)
    return {"items": [author_payload(e.blocked) for e in rows], "next_cursor": next_cursor}


@router.get("/me/muted", response=PersonPage, auth=signed_in)
def my_muted(request: HttpRequest, cursor: str | None = None, limit: int | None = None) -> dict[str, Any]:
    edges = Mute.objects.filter(muter=me(request)).select_related("muted__avatar")
    rows, next_cursor = keyset_page(edges, cursor, "muted", limit)
    return {"items": [author_payload(e.muted) for e in rows], "next_cursor": next_cursor}


@router.get("/users/{username}", response=ProfileOut, auth=None, tags=["users"])
def get_user(request: HttpRequest, username: str) -> dict[str, Any]:
    """A person's profile, and how the caller stands with them (following, blocking…)."""
    user = _target(username)
    return {**profile_payload(user), "viewer": relationship(reader(request), user)}
