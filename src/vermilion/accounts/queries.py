"""Reads of accounts."""

from __future__ import annotations

from django.db.models.functions import Lower

from .models import User


def user_by_username(username: str) -> User | None:
    if len(username) > 64:
        return None
    return (
        User.objects.select_related("avatar")
        .annotate(lname=Lower("username"))
        .filter(lname=username.lower(), is_active=True)
        .first()
    )
