"""The moderator role: a 'moderators' group holding the moderate permission (not staff, not admin)."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from vermilion.accounts.models import User

from .models import Policy

GROUP = "moderators"


def moderators_group() -> Group:
    group, _ = Group.objects.get_or_create(name=GROUP)
    content_type = ContentType.objects.get_for_model(Policy)
    permission, _ = Permission.objects.get_or_create(
        codename="moderate", content_type=content_type,
        defaults={"name": "Can act as a moderator in the moderation console"})
    group.permissions.add(permission)
    return group


def grant_moderator(user: User) -> None:
    user.groups.add(moderators_group())


def revoke_moderator(user: User) -> None:
    user.groups.remove(moderators_group())
