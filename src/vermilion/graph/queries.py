"""Reads of the graph, shaped for visibility filters (subqueries, not id lists in Python)."""

from __future__ import annotations

from django.db.models import Q

from vermilion.accounts.models import User

from .models import Block, Follow, Mute


def block_between_q(viewer_id: int, field: str = "author") -> Q:
    """A Q matching rows whose `field` user is blocked by or blocks the viewer (mutes aside)."""
    return Q(**{f"{field}__in": Block.objects.filter(blocker_id=viewer_id).values("blocked")}) | Q(
        **{f"{field}__in": Block.objects.filter(blocked_id=viewer_id).values("blocker")}
    )


def blocked_either_way_q(viewer_id: int, field: str = "author") -> Q:
    """A Q excluding rows whose `field` user is blocked by or blocks the viewer, or is muted."""
    return block_between_q(viewer_id, field) | muted_by_q(viewer_id, field)


def muted_by_q(viewer_id: int, field: str = "author") -> Q:
    """A Q matching rows whose `field` user the viewer has muted."""
    return Q(**{f"{field}__in": Mute.objects.filter(muter_id=viewer_id).values("muted")})


def is_blocked_either_way(a_id: int, b_id: int) -> bool:
    return Block.objects.filter(Q(blocker_id=a_id, blocked_id=b_id) | Q(blocker_id=b_id, blocked_id=a_id)).exists()


def is_muted(muter_id: int, muted_id: int) -> bool:
    return Mute.objects.filter(muter_id=muter_id, muted_id=muted_id).exists()


def follows(follower_id: int, followee_id: int) -> bool:
    return Follow.objects.filter(follower_id=follower_id, followee_id=followee_id).exists()


def relationship(viewer: User | None, other: User) -> dict[str, bool] | None:
    if viewer is None or not viewer.is_authenticated:
        return None
    if viewer.pk == other.pk:
        return {"is_self": True, "following": False, "followed_by": False, "blocking": False, "muting": False}
    return {
        "is_self": False,
        "following": follows(viewer.pk, other.pk),
        "followed_by": follows(other.pk, viewer.pk),
        "blocking": Block.objects.filter(blocker=viewer, blocked=other).exists(),
        "muting": Mute.objects.filter(muter=viewer, muted=other).exists(),
    }
