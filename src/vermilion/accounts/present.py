"""Accounts as clients see them: a person's card (beside their notes, comments, messages), their
profile, and their own settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vermilion.kit.regions import region_name
from vermilion.media.present import MediaLike, media_urls

from .models import User
from .signin import take_notice


@dataclass(frozen=True, slots=True)
class AuthorRow:
    pk: int
    username: str
    display_name: str
    avatar: MediaLike | None

    @property
    def name(self) -> str:
        return self.display_name or self.username

    @property
    def avatar_id(self) -> Any:
        return self.avatar.pk if self.avatar is not None else None


def author_payload(user: User | AuthorRow) -> dict[str, Any]:
    return {
        "id": str(user.pk),
        "username": user.username,
        "display_name": user.name,
        "avatar": media_urls(user.avatar) if user.avatar_id and user.avatar else None,
    }


def region_label(code: str) -> str:
    return region_name(code, get_language() or "en") if code else _("Unknown")


def profile_payload(user: User) -> dict[str, Any]:
    return {
        "id": str(user.pk),
        "username": user.username,
        "display_name": user.name,
        "bio": user.bio,
        "avatar": media_urls(user.avatar) if user.avatar_id and user.avatar else None,
        "ip_region": region_label(user.ip_region),
        "ip_region_code": user.ip_region or None,
        "languages": list(user.spoken_languages),
        "learning_languages": list(user.learning_languages),
        "interests": list(user.interests),
        "counts": {
            "following": user.following_count,
            "followers": user.followers_count,
            "likes_and_collects": user.likes_received_count + user.collects_received_count,
            "notes": user.notes_count,
        },
        "joined_at": user.date_joined,
    }


def me_payload(user: User) -> dict[str, Any]:
    return {
        **profile_payload(user),
        "email": user.email,
        "ui_language": user.ui_language,
        "likes_public": user.likes_public,
        "collects_public": user.collects_public,
    }


def notice_payload(user: User) -> dict[str, Any] | None:
    """What the owner is told at sign-in about wrong passwords tried since their last one, once."""
    notice = take_notice(user)
    if notice is None:
        return None
    return {"failed_sign_ins": notice["failed_sign_ins"],
            "last_failed_at": datetime.fromtimestamp(notice["last_failed_at"], tz=UTC)}
