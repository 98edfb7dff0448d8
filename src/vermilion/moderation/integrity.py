"""Fake and coordinated accounts: sign-up velocity per network, bursts of look-alike accounts
("matrix accounts": shop_girl_01, shop_girl_02 …) and engagement rings (a few accounts liking each
other's notes). Each finding opens an accounts case with its evidence in the console; while the
case is open the accounts are throttled (throttle.standing_factor)."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from vermilion.accounts.models import User
from vermilion.kit.geo import keyed_digest
from vermilion.notes.models import Like

from .cases import open_case
from .models import Case, Signup
from .throttle import forget_standing

_STEM_RE = re.compile(r"^(.*?)[_\-.]?\d{2,}$")
LOOKALIKE_BURST = 3  # accounts with one name stem within a day


def name_stem(username: str) -> str:
    match = _STEM_RE.match(username.lower())
    return match.group(1) if match and len(match.group(1)) >= 3 else ""


def _flag(user_ids: list[int], evidence: dict[str, Any], severity: int) -> None:
    for user_id in user_ids:
        open_case("user", user_id, kind=Case.Kind.ACCOUNTS, author_id=user_id, severity=severity, automated=True,
                  evidence=evidence, signals=[{"check": "coordinated_posting", "score": 0.8, "code": evidence["finding"],
                                              "evidence": ", ".join(evidence.get("accounts", []))[:200]}])
        forget_standing(user_id)


def record_signup(user: User, network: str, address_digest: str) -> None:
    """A sign-up from `network` (its coarse network, "" when unknown): kept as keyed digests, then
    checked for velocity per network and bursts of look-alike names."""
    if not network:
        return
    with transaction.atomic():
        _record_signup(user, network, address_digest)


def _record_signup(user: User, network: str, address_digest: str) -> None:
    stem = name_stem(user.username)
    Signup.objects.get_or_create(user=user, defaults={"network": keyed_digest(network), "address": address_digest,
                                                      "name_stem": stem})
    now = timezone.now()
    recent = Signup.objects.filter(network=keyed_digest(network), created_at__gte=now - timedelta(hours=1))
    limit, _window = settings.VERMILION_RATE_LIMITS.get("signup_network", (5, 3600))
    if recent.count() > limit:
        accounts = list(recent.select_related("user").order_by("created_at"))
        _flag([s.user_id for s in accounts], {"finding": "signup_velocity", "network": network,
                                              "signups_last_hour": len(accounts),
                                              "accounts": [s.user.username for s in accounts][:50]}, 6)
    if stem:
        alike = list(Signup.objects.filter(name_stem=stem, created_at__gte=now - timedelta(days=1))
                     .select_related("user").order_by("created_at"))
        if len(alike) >= LOOKALIKE_BURST:
            _flag([s.user_id for s in alike], {"finding": "lookalike_accounts", "stem": stem,
                                               "accounts": [s.user.username for s in alike][:50]}, 5)


def find_engagement_rings(hours: int = 24, min_likes: int = 3, min_size: int = 3) -> list[list[int]]:
    """Groups of accounts where every member liked at least `min_likes` notes of another member
    and was liked back as much: flagged as engagement rings."""
    since = timezone.now() - timedelta(hours=hours)
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for liker, author in Like.objects.filter(created_at__gte=since).values_list("user_id", "note__author_id")[:200_000]:
        if liker != author:
            counts[(liker, author)] += 1
    neighbours: dict[int, set[int]] = defaultdict(set)
    for (a, b), n in counts.items():
        if n >= min_likes and counts.get((b, a), 0) >= min_likes:
            neighbours[a].add(b)
    rings: list[list[int]] = []
    seen: set[int] = set()
    for start in neighbours:
        if start in seen:
            continue
        group: set[int] = set()
        stack = [start]
        while stack:
            node = stack.pop()
            if node in group:
                continue
            group.add(node)
            stack.extend(neighbours[node] - group)
        seen |= group
        if len(group) >= min_size:
            rings.append(sorted(group))
    for ring in rings:
        names = list(User.objects.filter(pk__in=ring).values_list("username", flat=True))
        _flag(ring, {"finding": "engagement_ring", "accounts": names, "hours": hours,
                     "min_mutual_likes": min_likes}, 5)
    return rings
