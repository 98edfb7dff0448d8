"""How much an account may do, by its age and standing: a day-old account posts a quarter of what
an established one may, a flagged or struck one a tenth, a long-standing clean one double. This
answers accounts.standing.rate_factor (vermilion/wiring/connections.py); the limits are applied at the request
edge (API handlers, accounts.standing.check_scaled_rate), never inside actions, so the demo
generator and imports are not throttled."""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

from vermilion.accounts.models import User

from .models import Case, Strike


def standing_factor(user: User) -> float:
    key = f"moderation:standing:{user.pk}"
    factor = cache.get(key)
    if factor is None:
        now = timezone.now()
        age = now - user.date_joined
        flagged = Case.objects.filter(kind=Case.Kind.ACCOUNTS, target_type="user", target_id=user.pk,
                                      state=Case.State.OPEN).exists()
        struck = Strike.objects.filter(user_id=user.pk, revoked=False, expires_at__gt=now).exists()
        if flagged or struck:
            factor = 0.1
        elif age < timedelta(days=1):
            factor = 0.25
        elif age < timedelta(days=7):
            factor = 0.5
        elif age > timedelta(days=30):
            factor = 2.0
        else:
            factor = 1.0
        cache.set(key, factor, 60)
    return float(factor)


def forget_standing(user_id: int) -> None:
    cache.delete(f"moderation:standing:{user_id}")
