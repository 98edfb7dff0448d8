"""The policy as data: thresholds per check (models.Policy) and the numbers of the strike and
appeal rules (models.Setting), cached briefly so a change in the admin applies within a minute."""

from __future__ import annotations

from django.core.cache import cache

from .models import VERDICT_ORDER, Policy, Setting, Verdict

_TTL = 60

DEFAULT_SETTINGS = {
    "appeal_days": 14,
    "strike_days": 90,
    "strikes_to_mute": 2,
    "mute_days_on_strikes": 7,
    "strikes_to_suspend": 4,
    "suspend_days_on_strikes": 30,
    "reports_per_hour": 20,
}


# name: (limit_at, hold_at, reject_at, severity). Migration 0002 seeds the same rows; these only
# refill an emptied table (a flushed test database, a hand-wiped policy) so screening never runs blind.
DEFAULT_POLICY: dict[str, tuple[float | None, float | None, float | None, int]] = {
    "abuse_words": (None, 0.6, 0.95, 3),
    "profanity_words": (0.5, 0.85, None, 1),
    "abuse_classifier": (0.95, 0.99, None, 2),
    "traffic_diversion": (0.45, 0.7, None, 2),
    "external_links": (0.5, None, None, 1),
    "undisclosed_ads": (0.55, 0.9, None, 1),
    "duplicate_flood": (0.5, 0.8, None, 2),
    "coordinated_posting": (None, 0.8, None, 3),
    "nsfw_image": (0.5, 0.7, 0.95, 3),
}


def policies() -> dict[str, Policy]:
    rows = cache.get("moderation:policy")
    if rows is None:
        rows = {p.name: p for p in Policy.objects.all()}
        if not rows:
            Policy.objects.bulk_create([Policy(name=name, limit_at=a, hold_at=b, reject_at=c, severity=s)
                                        for name, (a, b, c, s) in DEFAULT_POLICY.items()], ignore_conflicts=True)
            rows = {p.name: p for p in Policy.objects.all()}
        cache.set("moderation:policy", rows, _TTL)
    return rows


def setting(key: str) -> int:
    values = cache.get("moderation:settings")
    if values is None:
        values = dict(Setting.objects.values_list("key", "value"))
        cache.set("moderation:settings", values, _TTL)
    return int(values.get(key, DEFAULT_SETTINGS[key]))


def forget() -> None:
    cache.delete_many(["moderation:policy", "moderation:settings"])


def verdict_of(signals: list[dict[str, object]]) -> tuple[str, int]:
    """The strictest verdict any signal earns under the policy, and the case severity."""
    rows = policies()
    verdict: str = Verdict.PUBLISH
    severity = 0
    for signal in signals:
        policy = rows.get(str(signal["check"]))
        if policy is None or not policy.enabled:
            continue
        score = float(signal["score"])  # type: ignore[arg-type]
        found = policy.verdict_for(score)
        if VERDICT_ORDER.index(Verdict(found)) > VERDICT_ORDER.index(Verdict(verdict)):
            verdict = found
        severity = max(severity, round(score * 10 * policy.severity))
    return verdict, severity
