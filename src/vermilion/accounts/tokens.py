from __future__ import annotations

import secrets
from datetime import timedelta

from django.utils import timezone

from .models import ApiToken, User

TOKEN_PREFIX = "vmn_"  # noqa: S105 (a public marker, not a secret)
# last_used_at is a hint for the user's token list; writing it on every request would turn every
# read into a write, so it is refreshed at most this often.
LAST_USED_GRANULARITY = timedelta(minutes=5)


def issue_token(user: User, name: str = "") -> str:
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, key_hash=ApiToken.hash_key(key), name=name[:64])
    return key


def user_for_token(key: str) -> ApiToken | None:
    if not key.startswith(TOKEN_PREFIX) or len(key) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def revoke_token(token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
