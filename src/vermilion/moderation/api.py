"""Reports, statements of reasons, appeals, transparency, and the moderators' case API (the
console in web/ drives the same actions)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Status

from vermilion.accounts.callers import me, reading_region
from vermilion.accounts.models import User
from vermilion.kit.errors import ApiError, not_found
from vermilion.kit.http.auth import signed_in
from vermilion.kit.ids import parse_id
from vermilion.kit.pagination import offset_page

from . import actions, present, queries
from .models import Case, Decision
from .schemas import ActedOut, ActionIn, AppealIn, Page, ReportIn, ReportOut

router = Router(tags=["moderation"])


@router.post("/reports", response={201: ReportOut, 200: ReportOut}, auth=signed_in)
def report(request: HttpRequest, payload: ReportIn) -> Status:
    filed, created = actions.do_report(me(request), target_type=payload.target_type, target_id=payload.target_id,
                                       reason=payload.reason, detail=payload.detail,
                                       region=reading_region(request, me(request)))
    return Status(201 if created else 200, {"id": str(filed.pk), "case_id": str(filed.case_id), "created": created})


@router.get("/me/decisions", response=Page, auth=signed_in)
def my_decisions(request: HttpRequest, cursor: str | None = None, limit: int | None = None) -> dict[str, Any]:
    rows, next_cursor = offset_page(queries.statements_of(me(request)), cursor, "decisions", limit)
    return {"items": [present.statement(d) for d in rows], "next_cursor": next_cursor}


def _own_decision(request: HttpRequest, decision_id: str) -> Decision:
    pk = parse_id(decision_id)
    decision = Decision.objects.filter(pk=pk).first() if pk else None
    if decision is None or (decision.user_id != me(request).pk and not queries.is_moderator(me(request))):
        raise not_found()
    return decision


@router.get("/decisions/{decision_id}", response=dict[str, Any], auth=signed_in)
def decision_statement(request: HttpRequest, decision_id: str) -> dict[str, Any]:
    """The statement of reasons, shaped like the EU DSA's (exportable as it is)."""
    return present.statement(_own_decision(request, decision_id))


@router.post("/decisions/{decision_id}/appeal", response={201: dict[str, Any]}, auth=signed_in)
def appeal(request: HttpRequest, decision_id: str, payload: AppealIn) -> Status:
    made = actions.do_appeal(me(request), decision_id, payload.statement)
    return Status(201, {"id": str(made.pk), "state": made.state, "decision": present.statement(made.decision)})


@router.get("/transparency", response=dict[str, Any], auth=None)
def transparency(request: HttpRequest) -> dict[str, Any]:
    return queries.transparency()


# --- moderators ----------------------------------------------------------------------------


def _moderator(request: HttpRequest) -> User:
    user = me(request)
    if not queries.is_moderator(user):
        raise ApiError("forbidden", _("Only moderators can do this."), status=403)
    return user


@router.get("/moderation/cases", response=Page, auth=signed_in)
def cases(request: HttpRequest, language: str = "", region: str = "", kind: str = "", cursor: str | None = None,
          limit: int | None = None) -> dict[str, Any]:
    moderator = _moderator(request)
    rows, next_cursor = offset_page(queries.queue(moderator, language=language[:8], region=region[:8], kind=kind[:10]),
                                    cursor, "cases", limit)
    return {"items": [present.case_summary(c) for c in rows], "next_cursor": next_cursor}


def _case(case_id: str) -> Case:
    pk = parse_id(case_id)
    case = Case.objects.filter(pk=pk).select_related("target_author", "appeal__decision").first() if pk else None
    if case is None:
        raise not_found()
    return case


@router.get("/moderation/cases/{case_id}", response=dict[str, Any], auth=signed_in)
def case(request: HttpRequest, case_id: str) -> dict[str, Any]:
    _moderator(request)
    return present.case_detail(_case(case_id))


@router.post("/moderation/cases/{case_id}/actions", response=ActedOut, auth=signed_in)
def act(request: HttpRequest, case_id: str, payload: ActionIn) -> dict[str, Any]:
    moderator = _moderator(request)
    try:
        decision = actions.do_act(moderator, case_id, action=payload.action, reason=payload.reason, hours=payload.hours)
    except (actions.Conflict, actions.ContentGone, actions.OwnCase):
        # The refusal was written to the audit log: keep that write although the answer is an error.
        request.keep_writes_on_error = True  # type: ignore[attr-defined]
        raise
    return {"case": present.case_summary(_case(case_id)), "decision": present.statement(decision) if decision else None}
