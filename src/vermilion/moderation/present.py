"""Moderation objects as JSON: cases for the console, statements of reasons for the affected person."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vermilion.accounts.present import region_label
from vermilion.media.present import media_payload

from . import reasons, targets
from .models import Case, Decision, Report, Target

REDRESS = ("internal_complaint_handling", "out_of_court_dispute_settlement", "judicial_redress")

# DSA statement-of-reasons vocabulary (Transparency Database field names and values).
_RESTRICTION = {
    "limit": "decision_visibility: content_demoted", "hold": "decision_visibility: content_disabled_pending_review",
    "remove": "decision_visibility: content_removed", "region": "decision_visibility: content_disabled_in_territory",
    "warn": "decision_account: none (warning)", "mute": "decision_provision: partial_suspension",
    "suspend": "decision_account: account_suspended", "ban": "decision_account: account_terminated",
    "approve": "none (restriction lifted)", "reverse": "none (decision reversed on appeal)",
    "uphold": "decision upheld on appeal",
}


# What each decision does, said to the person it affects (the DSA asks a statement to say what the
# restriction means for the content and the account).
_CONSEQUENCES = {
    "limit": _("The content stays visible, but it is not recommended in feeds or topic pages."),
    "hold": _("Only you can see the content while a moderator reviews it."),
    "remove": _("The content is no longer shown to anyone but you."),
    "region": _("The content is not shown to readers in the regions listed; elsewhere it stays visible."),
    "warn": _("Nothing is restricted this time."),
    "mute": _("Until the end date you cannot post, edit notes, comment, follow or send messages; what you "
                  "posted before stays visible."),
    "suspend": _("Until the end date you cannot post, edit notes, comment, follow or send messages; what you "
                     "posted before stays visible."),
    "ban": _("The account can no longer be used, and its notes and comments are no longer shown to anyone. "
                 "Messages it sent stay in the conversations of the people who received them. If the ban is "
                 "reversed on appeal, everything is shown again."),
    "approve": _("The earlier restriction is lifted."),
    "reverse": _("The decision is reversed: what it restricted is restored."),
    "uphold": _("The decision stands."),
}


def _appeal_of(decision: Decision) -> Any:
    try:
        return decision.appeal
    except Decision.appeal.RelatedObjectDoesNotExist:
        return None


def statement(decision: Decision) -> dict[str, Any]:
    """The statement of reasons the affected person reads (and can export as JSON)."""
    appeal = _appeal_of(decision)
    payload = _base(decision)
    payload["can_appeal"] = (decision.appeal_deadline is not None and timezone.now() <= decision.appeal_deadline
                             and appeal is None and decision.action not in ("approve", "reverse", "uphold"))
    payload["appeal"] = {"state": appeal.state, "created_at": appeal.created_at} if appeal is not None else None
    return payload


def _base(decision: Decision) -> dict[str, Any]:
    return {
        "id": str(decision.pk),
        "created_at": decision.created_at,
        "content_type": decision.target_type,
        "content_id": str(decision.target_id),
        "restriction": decision.action,
        "restriction_label": str(Decision.Action(decision.action).label),
        "dsa_restriction": _RESTRICTION.get(decision.action, decision.action),
        "consequences": str(_CONSEQUENCES.get(decision.action, "")),
        "territorial_scope": decision.regions or ["all"],
        "territorial_scope_labels": [region_label(r) or r for r in decision.regions],
        "end_date": decision.ends_at,
        "facts": decision.facts,
        "ground": decision.ground,
        "ground_label": str(reasons.GROUND_LABELS.get(decision.ground, decision.ground)),
        "automated_detection": decision.automated_detection,
        "automated_decision": decision.automated_decision,
        "redress": list(REDRESS),
        "appeal_deadline": decision.appeal_deadline,
    }


def case_summary(case: Case) -> dict[str, Any]:
    return {
        "id": str(case.pk),
        "kind": case.kind,
        "kind_label": str(Case.Kind(case.kind).label),
        "state": case.state,
        "target_type": case.target_type,
        "target_label": str(Target(case.target_type).label),
        "target_id": str(case.target_id),
        "author": case.target_author.username if case.target_author else None,
        "severity": case.severity,
        "reach": case.reach,
        "reports": case.reports_count,
        "automated": case.automated,
        "language": case.language or None,
        "region": case.region or None,
        "opened_at": case.opened_at,
        "resolution": case.resolution or None,
    }


def case_detail(case: Case) -> dict[str, Any]:
    content = targets.load(case.target_type, case.target_id)
    reports = list(case.reports.select_related("reporter").order_by("-created_at")[:50])
    appeal = case.appeal
    return {
        **case_summary(case),
        "content": None if content is None else {
            "title": content.title, "text": content.text, "state": content.state, "url": content.url or None,
            "language": content.language or None, "media": [str(m.pk) for m in content.media],
            "thumbnails": [media_payload(m)["urls"].get("thumb") for m in content.media],
            # Issue 7's translation app plugs in here: the console links to its translation endpoint.
            "translation_url": (f"/api/v1/{content.target_type}s/{content.target_id}/translation"
                                if content.target_type in ("note", "comment") else None),
        },
        "signals": [{**s, "reason": str(reasons.CHECK_REASONS.get(str(s["check"]), s["check"]))} for s in case.signals],
        "evidence": case.evidence,
        "reports_list": [{"reason": r.reason, "reason_label": str(Report.Reason(r.reason).label), "detail": r.detail,
                          "reporter": r.reporter.username,
                          "created_at": r.created_at} for r in reports],
        "author_history": targets.author_history(case.target_author_id),
        "appeal": None if appeal is None else {"statement": appeal.statement, "decision": _base(appeal.decision)},
        "audit": list(case.audit.order_by("id").values("action", "outcome", "reason", "actor__username", "created_at")),
    }
