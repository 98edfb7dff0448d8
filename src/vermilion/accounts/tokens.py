from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

from vermilion.kit.cache import forget
from vermilion.kit.events import emit

from .events import SignedOut
from .models import ApiToken, User

TOKEN_PREFIX = "vmn_"  # noqa: S105 (a public marker, not a secret)
# last_used_at is a hint for the user's token list; writing it on every request would turn every
# read into a write, so it is refreshed at most this often.
LAST_USED_GRANULARITY = timedelta(minutes=5)
# Every API request starts by finding its token's user: that lookup is kept in the cache (Redis in
# production, so every process sees a revocation) for a minute, well under the granularity above so
# last_used_at still moves. Whatever changes a token or its user forgets the entry
# (forget_token_lookups: on every change of the account, on revocation and on a ban).
CACHE_SECONDS = 60


def _cache_key(key_hash: str) -> str:
    return f"api-token:{key_hash}"


def issue_token(user: User, name: str = "") -> str:
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, key_hash=ApiToken.hash_key(key), name=name[:64])
    return key


def user_for_token(key: str) -> ApiToken | None:
    if not key.startswith(TOKEN_PREFIX) or len(key) > 100:
        return None
    key_hash = ApiToken.hash_key(key)
    kept = cache.get(_cache_key(key_hash))
    if kept is not None:
        return kept  # a fresh unpickled copy: nothing one request sets on it reaches another
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=key_hash, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    cache.set(_cache_key(key_hash), token, CACHE_SECONDS)
    return token


def forget_token_lookups(user_id: int) -> None:
    """Drop the cached lookups of this user's tokens."""
    hashes = list(ApiToken.objects.filter(user_id=user_id).values_list("key_hash", flat=True))
    if hashes:
        forget([_cache_key(h) for h in hashes])


def session_digest(session_key: str) -> str:
    """A web session's name where it may be seen (events, realtime group names): not its key."""
    return hashlib.sha256(session_key.encode()).hexdigest()[:32]


def revoke_token(token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    forget([_cache_key(token.key_hash)])
    emit(SignedOut(user_id=token.user_id, token_id=token.pk))
