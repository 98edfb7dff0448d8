"""Follow, block and mute. Each is idempotent: doing it twice changes nothing the second time."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vermilion.accounts.models import User
from vermilion.accounts.standing import check_may_post
from vermilion.kit.errors import ApiError
from vermilion.kit.events import emit

from .events import BlockChanged, FollowChanged, MuteChanged
from .models import Block, Follow, Mute
from .queries import is_blocked_either_way


def _not_self(actor: User, target: User, code: str, message: Promise) -> None:
    if actor.pk == target.pk:
        raise ApiError(code, message)


def _adjust_follow_counts(follower_id: int, followee_id: int, delta: int) -> None:
    User.objects.filter(pk=follower_id).update(following_count=F("following_count") + delta)
    User.objects.filter(pk=followee_id).update(followers_count=F("followers_count") + delta)


def do_follow(actor: User, target: User) -> bool:
    """Returns True when a new follow was made."""
    _not_self(actor, target, "cannot_follow_self", _("You cannot follow yourself."))
    check_may_post(actor)  # a follow reaches its target (a notification): not while restricted
    if is_blocked_either_way(actor.pk, target.pk):
        raise ApiError("blocked", _("You cannot follow this account."), status=403)
    try:
        with transaction.atomic():
            Follow.objects.create(follower=actor, followee=target)
    except IntegrityError:
        return False  # already following: the unique constraint keeps it one follow
    _adjust_follow_counts(actor.pk, target.pk, +1)
    emit(FollowChanged(follower_id=actor.pk, followee_id=target.pk, following=True))
    return True


def do_unfollow(actor: User, target: User) -> bool:
    deleted, _rows = Follow.objects.filter(follower=actor, followee=target).delete()
    if deleted:
        _adjust_follow_counts(actor.pk, target.pk, -1)
        emit(FollowChanged(follower_id=actor.pk, followee_id=target.pk, following=False))
    return bool(deleted)


def do_block(actor: User, target: User) -> bool:
    """Block and cut every follow between the two, both ways."""
    _not_self(actor, target, "cannot_block_self", _("You cannot block yourself."))
    try:
        with transaction.atomic():
            Block.objects.create(blocker=actor, blocked=target)
    except IntegrityError:
        return False
    emit(BlockChanged(blocker_id=actor.pk, blocked_id=target.pk, blocking=True))
    for follower, followee in ((actor, target), (target, actor)):
        do_unfollow(follower, followee)
    return True


def do_unblock(actor: User, target: User) -> bool:
    deleted, _rows = Block.objects.filter(blocker=actor, blocked=target).delete()
    if deleted:
        emit(BlockChanged(blocker_id=actor.pk, blocked_id=target.pk, blocking=False))
    return bool(deleted)


def do_mute(actor: User, target: User) -> bool:
    _not_self(actor, target, "cannot_mute_self", _("You cannot mute yourself."))
    try:
        with transaction.atomic():
            Mute.objects.create(muter=actor, muted=target)
    except IntegrityError:
        return False
    emit(MuteChanged(muter_id=actor.pk, muted_id=target.pk, muting=True))
    return True


def do_unmute(actor: User, target: User) -> bool:
    deleted, _rows = Mute.objects.filter(muter=actor, muted=target).delete()
    if deleted:
        emit(MuteChanged(muter_id=actor.pk, muted_id=target.pk, muting=False))
    return bool(deleted)
