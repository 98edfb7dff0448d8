"""Follow, block and mute. Each is idempotent: doing it twice changes nothing the second time."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from vermilion.kit.errors import ApiError
from vermilion.kit.generations import bump_users
from vermilion.kit.tasks import enqueue_on_commit

from .models import Block, Follow, Mute
from .queries import is_blocked_either_way


def _not_self(actor: Any, target: Any, code: str, message: Any) -> None:
    if actor.pk == target.pk:
        raise ApiError(code, message)


def _adjust_follow_counts(follower_id: int, followee_id: int, delta: int) -> None:
    User = get_user_model()
    User.objects.filter(pk=follower_id).update(following_count=F("following_count") + delta)
    User.objects.filter(pk=followee_id).update(followers_count=F("followers_count") + delta)


def do_follow(actor: Any, target: Any) -> bool:
    """Returns True when a new follow was made."""
    _not_self(actor, target, "cannot_follow_self", _("You cannot follow yourself."))
    if is_blocked_either_way(actor.pk, target.pk):
        raise ApiError("blocked", _("You cannot follow this account."), status=403)
    try:
        with transaction.atomic():
            Follow.objects.create(follower=actor, followee=target)
    except IntegrityError:
        return False  # already following: the unique constraint keeps it one follow
    bump_users(actor.pk)
    _adjust_follow_counts(actor.pk, target.pk, +1)
    from vermilion.notifications.tasks import notify_follow

    enqueue_on_commit(notify_follow, actor.pk, target.pk)
    return True


def do_unfollow(actor: Any, target: Any) -> bool:
    deleted, _rows = Follow.objects.filter(follower=actor, followee=target).delete()
    if deleted:
        bump_users(actor.pk)
        _adjust_follow_counts(actor.pk, target.pk, -1)
    return bool(deleted)


def do_block(actor: Any, target: Any) -> bool:
    """Block and cut every follow between the two, both ways."""
    _not_self(actor, target, "cannot_block_self", _("You cannot block yourself."))
    try:
        with transaction.atomic():
            Block.objects.create(blocker=actor, blocked=target)
    except IntegrityError:
        return False
    bump_users(actor.pk, target.pk)
    for follower, followee in ((actor, target), (target, actor)):
        do_unfollow(follower, followee)
    return True


def do_unblock(actor: Any, target: Any) -> bool:
    deleted, _rows = Block.objects.filter(blocker=actor, blocked=target).delete()
    if deleted:
        bump_users(actor.pk, target.pk)
    return bool(deleted)


def do_mute(actor: Any, target: Any) -> bool:
    _not_self(actor, target, "cannot_mute_self", _("You cannot mute yourself."))
    try:
        with transaction.atomic():
            Mute.objects.create(muter=actor, muted=target)
    except IntegrityError:
        return False
    bump_users(actor.pk)
    return True


def do_unmute(actor: Any, target: Any) -> bool:
    deleted, _rows = Mute.objects.filter(muter=actor, muted=target).delete()
    if deleted:
        bump_users(actor.pk)
    return bool(deleted)
