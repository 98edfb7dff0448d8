"""Moderation reads: who moderates, who is restricted, the queue, statements and transparency."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vermilion.accounts.models import User
from vermilion.kit.errors import ApiError

from .models import Case, Decision, Restriction

PERMISSION = "moderation.moderate"


def is_moderator(user: User | AnonymousUser | None) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active
                and user.has_perm(PERMISSION))


def active_restriction(user_id: int) -> Restriction | None:
    now = timezone.now()
    return (Restriction.objects.filter(user_id=user_id, lifted_at__isnull=True)
            .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now)).order_by("-created_at").first())


def check_may_post(user: User) -> None:
    """Raise 403 when a mute, suspension or ban stands: called before notes, comments and messages."""
    restriction = active_restriction(user.pk)
    if restriction is None:
        return
    message: Any
    if restriction.ends_at is not None:
        until = timezone.localtime(restriction.ends_at).strftime("%Y-%m-%d %H:%M")
        message = _("Your account is restricted until %(until)s UTC: you cannot post, comment or send messages. "
                    "See your moderation decisions for the reason and how to appeal.") % {"until": until}
    else:
        message = _("Your account is restricted: you cannot post, comment or send messages. "
                    "See your moderation decisions for the reason and how to appeal.")
    raise ApiError("account_restricted", message, status=403)


def queue(moderator: User, *, language: str = "", region: str = "", kind: str = "") -> QuerySet[Case]:
    """Open cases, most severe and widest reach first. A moderator never sees appeals against
    their own decisions, nor cases about their own content or account."""
    cases = Case.objects.filter(state=Case.State.OPEN).exclude(excluded_moderator=moderator).exclude(
        target_author=moderator)
    if language:
        cases = cases.filter(language=language)
    if region:
        cases = cases.filter(Q(region=region) | Q(region__startswith=f"{region}-"))
    if kind:
        cases = cases.filter(kind=kind)
    return cases.select_related("target_author").order_by("-severity", "-reach", "opened_at")


def statements_of(user: User) -> QuerySet[Decision]:
    return Decision.objects.filter(user=user).select_related("appeal").order_by("-created_at")


def transparency(days: int = 30) -> dict[str, Any]:
    since = timezone.now() - timedelta(days=days)
    decisions = Decision.objects.filter(created_at__gte=since)

    def counts(field: str) -> dict[str, int]:
        return {str(row[field]): row["n"] for row in decisions.values(field).annotate(n=Count("id")).order_by(field)}

    return {
        "days": days,
        "since": since,
        "total": decisions.count(),
        "by_action": counts("action"),
        "by_content_type": counts("target_type"),
        "by_ground": counts("ground"),
        "automated_detection": decisions.filter(automated_detection=True).count(),
        "automated_decision": decisions.filter(automated_decision=True).count(),
        "appeals": decisions.filter(appeal__isnull=False).count(),
        "reversed_on_appeal": decisions.filter(appeal__state="reversed").count(),
        "reports": Case.objects.filter(opened_at__gte=since, reports_count__gt=0).count(),
    }
