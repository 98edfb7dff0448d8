"""Moderation writes: screening outcomes, reports, moderator actions, strikes, appeals.

Moderator actions race: two moderators may act on one case at the same moment. The case moves
from open to resolved with one conditional UPDATE; whoever updates zero rows lost, gets a 409,
and both attempts stay in the audit log (the API keeps the losing request's audit row by asking
the transaction middleware to commit despite the error status).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vermilion.accounts.actions import deactivate_account, reactivate_account
from vermilion.accounts.models import User
from vermilion.kit.errors import ApiError, field_error, not_found
from vermilion.kit.events import emit
from vermilion.kit.ids import parse_id
from vermilion.kit.ratelimit import check_rate
from vermilion.messaging.models import Message
from vermilion.notes import states
from vermilion.notes.actions import label_sponsored_by_screening
from vermilion.notes.models import Comment, Note

from . import reasons, targets
from .cases import open_case
from .events import AccountRestricted, ModerationDecided
from .models import (
    Appeal,
    AuditEntry,
    Case,
    Decision,
    RegionalBlock,
    Report,
    Restriction,
    Screening,
    Strike,
    Target,
    Verdict,
)
from .policy import setting
from .queries import is_moderator
from .screening import Outcome

ACTIONS = ("approve", "limit", "remove", "warn", "mute", "suspend", "ban")
APPEAL_ACTIONS = ("uphold", "reverse")
_TIMED = {"mute": 24 * 7, "suspend": 24 * 30}  # default hours


def _deadline() -> datetime:
    return timezone.now() + timedelta(days=setting("appeal_days"))


def audit(action: str, outcome: str, *, actor: User | None = None, case: Case | None = None, reason: str = "",
          target: tuple[str, int] | None = None, **details: Any) -> AuditEntry:
    if case is not None and target is None:
        target = (case.target_type, case.target_id)
    return AuditEntry.objects.create(action=action, outcome=outcome, actor=actor, case=case, reason=reason,
                                     target_type=target[0] if target else "", target_id=target[1] if target else None,
                                     details=details)


# --- screening outcomes --------------------------------------------------------------------


def apply_screening(content: targets.Content, outcome: Outcome) -> Screening | None:
    """Record a screening and act on its verdict; None if this version was screened already."""
    try:
        with transaction.atomic():
            screening = Screening.objects.create(
                target_type=content.target_type, target_id=content.target_id, author_id=content.author_id,
                digest=outcome.digest, text_digest=outcome.text_digest,
                simhash=outcome.simhash, verdict=outcome.verdict, signals=outcome.signals,
                language=content.language, region=content.region, elapsed_ms=outcome.elapsed_ms)
    except IntegrityError:
        return None
    verdict = outcome.verdict
    if verdict == Verdict.PUBLISH or content.author_id is None:
        return screening
    state = {Verdict.LIMIT: targets.LIMITED, Verdict.HOLD: targets.HELD, Verdict.REJECT: targets.REMOVED}[Verdict(verdict)]
    if content.target_type == Target.PROFILE and verdict == Verdict.HOLD:
        changed = True  # a profile cannot be hidden while under review: it waits in the queue as it is
    else:
        changed = targets.set_state(content.target_type, content.target_id, state, by=states.SCREENING)
    if content.target_type == Target.NOTE and verdict == Verdict.LIMIT and any(
            s["check"] == "undisclosed_ads" for s in outcome.signals):
        # Commercial content the author did not mark: readers see it labelled as sponsored.
        label_sponsored_by_screening(content.target_id)
    if not changed:
        return screening
    case = None
    if verdict == Verdict.HOLD:
        case = open_case(content.target_type, content.target_id, author_id=content.author_id,
                         severity=outcome.severity, reach=content.reach, language=content.language,
                         region=content.region, automated=True, signals=outcome.signals)
    action = {Verdict.LIMIT: Decision.Action.LIMIT, Verdict.HOLD: Decision.Action.HOLD,
              Verdict.REJECT: Decision.Action.REMOVE}[Verdict(verdict)]
    decision = Decision.objects.create(
        case=case, user_id=content.author_id, action=action, target_type=content.target_type,
        target_id=content.target_id, facts=reasons.facts_from(outcome.signals), ground=reasons.ground_from(outcome.signals),
        automated_detection=True, automated_decision=True, appeal_deadline=_deadline())
    audit(f"auto_{action}", AuditEntry.Outcome.APPLIED, case=case, target=(content.target_type, content.target_id),
          decision=str(decision.pk), signals=outcome.signals)
    return screening


# --- reports -------------------------------------------------------------------------------


def _reportable(reporter: User, target_type: str, target_id: str, region: str) -> targets.Content:
    pk = parse_id(target_id) or 0
    if target_type not in (Target.NOTE, Target.COMMENT, Target.USER, Target.MESSAGE):
        raise field_error("target_type", "invalid_target_type", _("You can report a note, a comment, an account or a message."))
    # Only what the reporter can see can be reported: ids of hidden content reveal nothing.
    visible: Callable[[], bool] = {
        Target.NOTE: lambda: Note.objects.visible_to(reporter, region).filter(pk=pk).exists(),
        Target.COMMENT: lambda: Comment.objects.visible_to(reporter).filter(
            pk=pk, note__in=Note.objects.visible_to(reporter, region)).exists(),
        Target.MESSAGE: lambda: Message.objects.visible_to(reporter).filter(pk=pk).exists(),
        Target.USER: lambda: User.objects.filter(pk=pk, is_active=True).exists(),
    }[Target(target_type)]
    content = targets.load(target_type, pk) if pk and visible() else None
    if content is None:
        raise ApiError("not_found", _("This content does not exist or is no longer available."), status=404)
    if content.author_id == reporter.pk:
        raise ApiError("cannot_report_self", _("You cannot report yourself or your own content."))
    return content


def do_report(reporter: User, *, target_type: str, target_id: str, reason: str, detail: str = "",
              region: str) -> tuple[Report, bool]:
    """File a report (once per person and target) into the target's open case. (report, created).
    `region`: where the reporter reads from (what they can report is what they can see)."""
    if reason not in Report.Reason.values:
        raise field_error("reason", "invalid_reason", _("Choose one of the listed reasons."))
    detail = (detail or "").strip()
    if len(detail) > 500:
        raise field_error("detail", "detail_too_long", _("Keep the details under 500 characters."))
    content = _reportable(reporter, target_type, target_id, region)
    existing = Report.objects.filter(reporter=reporter, target_type=target_type, target_id=content.target_id).first()
    if existing is not None:
        return existing, False
    check_rate("report", str(reporter.pk))
    case = open_case(target_type, content.target_id, author_id=content.author_id, severity=_report_severity(reason),
                     reach=content.reach, language=content.language, region=content.region, reports=1)
    try:
        with transaction.atomic():
            report = Report.objects.create(case=case, reporter=reporter, target_type=target_type,
                                           target_id=content.target_id, reason=reason, detail=detail)
    except IntegrityError:  # the same person's double click raced in
        Case.objects.filter(pk=case.pk).update(reports_count=F("reports_count") - 1)
        return Report.objects.get(reporter=reporter, target_type=target_type, target_id=content.target_id), False
    audit("report", AuditEntry.Outcome.APPLIED, actor=reporter, case=case, reason=reason, detail=detail[:200])
    return report, True


def _report_severity(reason: str) -> int:
    return {"illegal": 9, "sexual": 8, "violence": 8, "hate": 7, "harassment": 6, "impersonation": 5}.get(reason, 3)


# --- moderator actions ---------------------------------------------------------------------


def _require_moderator(user: User) -> None:
    if not is_moderator(user):
        raise ApiError("forbidden", _("Only moderators can do this."), status=403)


class Conflict(ApiError):
    def __init__(self, case: Case) -> None:
        super().__init__("case_already_resolved",
                         _("Another moderator resolved this case first (%(resolution)s).") % {"resolution": case.resolution},
                         status=409)


class ContentGone(ApiError):
    def __init__(self) -> None:
        super().__init__("content_gone", _("This content no longer exists; the case is closed."), status=410)


class OwnCase(ApiError):
    """No one decides about their own note, comment or account (nor an appeal of their own): the
    refusal is kept in the audit log, like a lost race."""

    def __init__(self) -> None:
        super().__init__("own_case", _("This case is about your own content or account: another moderator must "
                                       "decide it."), status=403)


def do_act(moderator: User, case_id: str | int, *, action: str, reason: str, hours: int | None = None) -> Decision | None:
    """One moderator action on an open case. Raises Conflict (after logging it) when someone else won."""
    _require_moderator(moderator)
    pk = parse_id(case_id)
    case = Case.objects.filter(pk=pk).first() if pk else None
    if case is None:
        raise not_found(_("Case"))
    reason = (reason or "").strip()
    if case.target_author_id is not None and case.target_author_id == moderator.pk:
        audit(action[:20], AuditEntry.Outcome.REFUSED, actor=moderator, case=case, reason=reason[:1000], why="own_case")
        raise OwnCase()
    allowed = APPEAL_ACTIONS if case.kind == Case.Kind.APPEAL else ACTIONS
    if action not in allowed:
        raise field_error("action", "invalid_action", _("Choose one of the actions offered for this case."))
    if not reason:
        raise field_error("reason", "reason_required", _("Give a reason: the affected person will read it."))
    if len(reason) > 1000:
        raise field_error("reason", "reason_too_long", _("Keep the reason under 1000 characters."))
    if hours is not None and not 1 <= hours <= 24 * 365:
        raise field_error("hours", "invalid_duration", _("A restriction lasts between one hour and one year."))
    if case.excluded_moderator_id == moderator.pk:
        raise ApiError("appeal_needs_other_moderator",
                       _("You made the decision under appeal: another moderator must review it."), status=403)
    content = targets.load(case.target_type, case.target_id)
    if content is None and action not in ("approve", "warn", "mute", "suspend", "ban", "uphold"):
        audit(action, AuditEntry.Outcome.REFUSED, actor=moderator, case=case, reason=reason, why="content_gone")
        _close(case, "gone", moderator)
        raise ContentGone()
    won = Case.objects.filter(pk=case.pk, state=Case.State.OPEN).update(
        state=Case.State.RESOLVED, resolution=action, resolved_by=moderator, resolved_at=timezone.now())
    if not won:
        case.refresh_from_db()
        audit(action, AuditEntry.Outcome.CONFLICT, actor=moderator, case=case, reason=reason,
              winner=case.resolution, winner_id=str(case.resolved_by_id or ""))
        raise Conflict(case)
    decision: Decision | None
    if case.kind == Case.Kind.APPEAL:
        decision = _decide_appeal(moderator, case, action, reason)
    else:
        decision = _apply(moderator, case, content, action, reason, hours)
    audit(action, AuditEntry.Outcome.APPLIED, actor=moderator, case=case, reason=reason,
          decision=str(decision.pk) if decision else "", hours=hours)
    return decision


def _close(case: Case, resolution: str, moderator: User) -> None:
    Case.objects.filter(pk=case.pk, state=Case.State.OPEN).update(
        state=Case.State.RESOLVED, resolution=resolution, resolved_by=moderator, resolved_at=timezone.now())


def _apply(moderator: User, case: Case, content: targets.Content | None, action: str, reason: str,
           hours: int | None) -> Decision | None:
    user_id = case.target_author_id
    automated_detection = case.automated
    if action == "approve":
        if content is not None:
            targets.set_state(case.target_type, case.target_id, targets.OK)
        if user_id is None or not case.automated:
            return None  # reports found nothing wrong: nothing was restricted, nothing to explain
        # Approving something that screening held lifts that restriction: say so in a statement.
        return _decision(case, user_id, moderator, Decision.Action.APPROVE, reason, automated_detection)
    if user_id is None:
        return None
    if action == "limit":
        targets.set_state(case.target_type, case.target_id, targets.LIMITED)
        return _decision(case, user_id, moderator, Decision.Action.LIMIT, reason, automated_detection)
    if action == "remove":
        targets.set_state(case.target_type, case.target_id, targets.REMOVED)
        decision = _decision(case, user_id, moderator, Decision.Action.REMOVE, reason, automated_detection)
        add_strike(decision)
        return decision
    if action == "warn":
        return _decision(case, user_id, moderator, Decision.Action.WARN, reason, automated_detection)
    kind = {"mute": Restriction.Kind.MUTE, "suspend": Restriction.Kind.SUSPEND, "ban": Restriction.Kind.BAN}[action]
    length = None if action == "ban" else timedelta(hours=hours or _TIMED[action])
    decision = _decision(case, user_id, moderator, Decision.Action(action), reason, automated_detection,
                         ends_at=timezone.now() + length if length else None)
    restrict(user_id, kind, decision, length)
    return decision


def _decision(case: Case, user_id: int, moderator: User, action: str, reason: str, automated_detection: bool,
              ends_at: datetime | None = None) -> Decision:
    facts = reason
    if case.signals:
        facts = f"{reason}\n{reasons.facts_from(case.signals)}"
    return Decision.objects.create(
        case=case, user_id=user_id, moderator=moderator, action=action, target_type=case.target_type,
        target_id=case.target_id, facts=facts, ground=reasons.ground_from(case.signals) if case.signals else "moderator",
        automated_detection=automated_detection, automated_decision=False, ends_at=ends_at,
        appeal_deadline=_deadline() if action != Decision.Action.APPROVE else None)


def restrict(user_id: int, kind: str, decision: Decision | None, length: timedelta | None) -> Restriction:
    restriction = Restriction.objects.create(user_id=user_id, kind=kind, decision=decision,
                                             ends_at=timezone.now() + length if length else None)
    if kind == Restriction.Kind.BAN:
        deactivate_account(user_id)
    emit(AccountRestricted(user_id=user_id, kind=kind))
    return restriction


def add_strike(decision: Decision) -> None:
    """A removal is a strike; enough live strikes restrict the account for a while, automatically."""
    now = timezone.now()
    Strike.objects.get_or_create(decision=decision, defaults={
        "user_id": decision.user_id, "expires_at": now + timedelta(days=setting("strike_days"))})
    live = Strike.objects.filter(user_id=decision.user_id, revoked=False, expires_at__gt=now).count()
    for threshold, kind, days in (("strikes_to_suspend", Restriction.Kind.SUSPEND, "suspend_days_on_strikes"),
                                  ("strikes_to_mute", Restriction.Kind.MUTE, "mute_days_on_strikes")):
        if live == setting(threshold):
            length = timedelta(days=setting(days))
            auto = Decision.objects.create(
                user_id=decision.user_id, action=kind, target_type=Target.USER, target_id=decision.user_id,
                facts=str(_("%(count)d active strikes within %(days)d days.") % {"count": live,
                                                                                "days": setting("strike_days")}),
                ground=decision.ground, automated_detection=True, automated_decision=True, ends_at=now + length,
                appeal_deadline=_deadline())
            restrict(decision.user_id, kind, auto, length)
            audit(f"auto_{kind}", AuditEntry.Outcome.APPLIED, target=(Target.USER, decision.user_id),
                  decision=str(auto.pk), strikes=live)
            break


# --- appeals -------------------------------------------------------------------------------


def do_appeal(user: User, decision_id: str, statement: str) -> Appeal:
    pk = parse_id(decision_id)
    decision = Decision.objects.filter(pk=pk, user=user).first() if pk else None
    if decision is None:
        raise not_found(_("Decision"))
    statement = (statement or "").strip()
    if not statement:
        raise field_error("statement", "statement_required", _("Tell us why the decision is wrong."))
    if len(statement) > 2000:
        raise field_error("statement", "statement_too_long", _("Keep your appeal under 2000 characters."))
    if decision.action in (Decision.Action.APPROVE, Decision.Action.REVERSE, Decision.Action.UPHOLD) \
            or decision.appeal_deadline is None:
        raise ApiError("not_appealable", _("This decision cannot be appealed."), status=409)
    if timezone.now() > decision.appeal_deadline:
        raise ApiError("appeal_deadline_passed", _("The deadline to appeal this decision has passed."), status=409)
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(decision=decision, appellant=user, statement=statement)
    except IntegrityError as exc:
        raise ApiError("already_appealed", _("You have already appealed this decision."), status=409) from exc
    content = targets.load(decision.target_type, decision.target_id)
    open_case(decision.target_type, decision.target_id, kind=Case.Kind.APPEAL, author_id=user.pk, severity=5,
              reach=content.reach if content else 0, language=content.language if content else "",
              region=content.region if content else "", automated=decision.automated_detection,
              excluded_moderator=decision.moderator, appeal=appeal,
              signals=decision.case.signals if decision.case else [])
    audit("appeal", AuditEntry.Outcome.APPLIED, actor=user, target=(decision.target_type, decision.target_id),
          decision=str(decision.pk))
    return appeal


def _decide_appeal(moderator: User, case: Case, action: str, reason: str) -> Decision:
    appeal = case.appeal
    assert appeal is not None
    original = appeal.decision
    Appeal.objects.filter(pk=appeal.pk).update(
        state=Appeal.State.REVERSED if action == "reverse" else Appeal.State.UPHELD, decided_at=timezone.now())
    if action == "reverse":
        _undo(original)
    return Decision.objects.create(
        case=case, user_id=original.user_id, moderator=moderator,
        action=Decision.Action.REVERSE if action == "reverse" else Decision.Action.UPHOLD,
        target_type=original.target_type, target_id=original.target_id, facts=reason, ground=original.ground)


def _undo(decision: Decision) -> None:
    now = timezone.now()
    if decision.action in (Decision.Action.LIMIT, Decision.Action.HOLD, Decision.Action.REMOVE):
        targets.set_state(decision.target_type, decision.target_id, targets.OK)
    if decision.action == Decision.Action.REGION:
        RegionalBlock.objects.filter(note_id=decision.target_id, region__in=decision.regions).delete()
        emit(ModerationDecided(target_type=Target.NOTE, target_id=decision.target_id, state="regional"))
    Strike.objects.filter(decision=decision).update(revoked=True)
    for restriction in Restriction.objects.filter(decision=decision, lifted_at__isnull=True):
        Restriction.objects.filter(pk=restriction.pk).update(lifted_at=now)
        if restriction.kind == Restriction.Kind.BAN:
            reactivate_account(decision.user_id)


def report_message_request(reporter: User, reported_id: int, conversation_id: int, reason: str) -> None:
    """A message request reported from the requests inbox becomes a report on the sender's account."""
    if Report.objects.filter(reporter=reporter, target_type=Target.USER, target_id=reported_id).exists():
        return
    content = targets.load(Target.USER, reported_id)
    if content is None:
        return
    first = Message.objects.filter(conversation_id=conversation_id, sender_id=reported_id).order_by("seq").first()
    evidence = {"conversation_id": str(conversation_id), "first_message": first.body[:500] if first else ""}
    case = open_case(Target.USER, reported_id, author_id=reported_id, severity=_report_severity("spam"),
                     reach=content.reach, region=content.region, reports=1, evidence=evidence)
    Report.objects.get_or_create(reporter=reporter, target_type=Target.USER, target_id=reported_id,
                                 defaults={"case": case, "reason": Report.Reason.SPAM,
                                           "detail": f"message request: {reason.strip()}"[:500]})
    audit("report", AuditEntry.Outcome.APPLIED, actor=reporter, case=case, reason="spam", source="message_request")
