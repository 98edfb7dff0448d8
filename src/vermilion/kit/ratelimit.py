"""Fixed-window rate limits on the shared cache (Redis in production, so limits hold across processes)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from .errors import ApiError


def check_rate(scope: str, key: str, *, limit: int | None = None) -> None:
    """Count one attempt at `scope` by `key`; raise 429 with Retry-After once over the limit.
    `limit` overrides the configured one (moderation scales it with account age and standing)."""
    configured, window = settings.VERMILION_RATE_LIMITS[scope]
    limit = configured if limit is None else limit
    now = time.time()
    bucket = int(now // window)
    cache_key = f"rl:{scope}:{key}:{bucket}"
    # add() then incr() is atomic on Redis and under the in-process cache's lock: no lost counts.
    if cache.add(cache_key, 1, timeout=window + 1):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add() and incr()
            cache.add(cache_key, 1, timeout=window + 1)
            count = 1
    if count > limit:
        retry_after = max(1, int(window - (now % window)) + 1)
        raise ApiError(
            "rate_limited",
            _("Too many attempts. Please wait %(seconds)s seconds and try again.") % {"seconds": retry_after},
            status=429,
            headers={"Retry-After": str(retry_after)},
        )
