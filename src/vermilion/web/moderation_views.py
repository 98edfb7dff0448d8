"""Trust and safety pages: the moderators' console (queue and case), a person's own moderation
decisions with appeals, the report form, and the public transparency page.

Server-rendered forms that call the same actions as the API; mod.js adds keyboard shortcuts.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vermilion.accounts.callers import account_of, reading_region
from vermilion.kit.errors import ApiError
from vermilion.kit.ids import parse_id
from vermilion.moderation import actions, present, queries
from vermilion.moderation.models import Case, Decision, Report
from vermilion.moderation.reasons import GROUND_LABELS

from .redirects import safe_next

# Keyboard shortcut per action (shown on the buttons, handled by mod.js).
SHORTCUTS = {"approve": "a", "limit": "l", "remove": "r", "warn": "w", "mute": "m", "suspend": "s", "ban": "b",
             "uphold": "u", "reverse": "v"}


def _action_labels() -> dict[str, str]:
    return {"approve": _("Approve"), "limit": _("Limit reach"), "remove": _("Remove"), "warn": _("Warn"),
            "mute": _("Mute"), "suspend": _("Suspend"), "ban": _("Ban"), "uphold": _("Uphold decision"),
            "reverse": _("Reverse decision")}


def _moderator(request: HttpRequest) -> Any:
    if not queries.is_moderator(request.user):
        raise PermissionDenied
    return request.user


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    moderator = _moderator(request)
    language = request.GET.get("language", "")[:8]
    region = request.GET.get("region", "")[:8]
    kind = request.GET.get("kind", "")[:10]
    cases = list(queries.queue(moderator, language=language, region=region, kind=kind)[:100])
    return render(request, "web/mod_queue.html", {
        "cases": [present.case_summary(c) for c in cases], "language": language, "region": region, "kind": kind,
        "kinds": Case.Kind.choices})


def _case_response(request: HttpRequest, moderator: Any, case_id: str, *, refused: str = "",
                   status: int = 200) -> HttpResponse:
    pk = parse_id(case_id)
    case = Case.objects.filter(pk=pk).select_related("target_author", "appeal__decision").first() if pk else None
    if case is None:
        raise Http404
    detail = present.case_detail(case)
    names = actions.APPEAL_ACTIONS if case.kind == Case.Kind.APPEAL else actions.ACTIONS
    labels = _action_labels()
    next_case = queries.queue(moderator).exclude(pk=case.pk).first()
    return render(request, "web/mod_case.html", {
        "case": detail, "actions": [(name, labels[name], SHORTCUTS[name]) for name in names],
        "own_decision": case.excluded_moderator_id == moderator.pk,
        # Their own note, comment or account (or their own appeal): someone else's to decide.
        "own_case": case.target_author_id is not None and case.target_author_id == moderator.pk,
        "refused": refused,
        "next_case_id": str(next_case.pk) if next_case else "",
        "signals_json": json.dumps(detail["signals"], ensure_ascii=False, indent=1, default=str)}, status=status)


@login_required
def case_page(request: HttpRequest, case_id: str) -> HttpResponse:
    return _case_response(request, _moderator(request), case_id)


@login_required
@require_POST
def act(request: HttpRequest, case_id: str) -> HttpResponse:
    moderator = _moderator(request)
    hours_raw = request.POST.get("hours", "").strip()
    try:
        hours = int(hours_raw) if hours_raw else None
    except ValueError:
        hours = -1  # refused by the action with its own message
    try:
        actions.do_act(moderator, case_id, action=request.POST.get("action", ""), reason=request.POST.get("reason", ""),
                       hours=hours)
    except (actions.Conflict, actions.ContentGone) as exc:
        # A redirect commits: the refusal stays in the audit log.
        flash.error(request, str(exc.message))
        return redirect("web:mod_case", case_id=case_id)
    except actions.OwnCase as exc:
        request.keep_writes_on_error = True  # type: ignore[attr-defined]  # the refusal's audit row
        return _case_response(request, moderator, case_id, refused=str(exc.message), status=exc.status)
    except ApiError as exc:
        if exc.status == 404:
            raise Http404 from exc
        if exc.code == "appeal_needs_other_moderator":
            return _case_response(request, moderator, case_id, refused=str(exc.message), status=exc.status)
        if exc.status == 403:
            raise PermissionDenied from exc
        flash.error(request, str(exc.message))
        return redirect("web:mod_case", case_id=case_id)
    flash.success(request, _("Done. The case is resolved."))
    following = request.POST.get("next", "")
    if following and parse_id(following):
        return redirect("web:mod_case", case_id=following)
    return redirect("web:mod_queue")


@login_required
def my_decisions(request: HttpRequest) -> HttpResponse:
    decisions = list(queries.statements_of(account_of(request))[:100])
    return render(request, "web/decisions.html", {"statements": [present.statement(d) for d in decisions],
                                                  "grounds": GROUND_LABELS})


@login_required
@require_POST
def appeal(request: HttpRequest, decision_id: str) -> HttpResponse:
    try:
        actions.do_appeal(account_of(request), decision_id, request.POST.get("statement", ""))
    except ApiError as exc:
        flash.error(request, str(exc.message))
    else:
        flash.success(request, _("Your appeal was sent. A different moderator will review it."))
    return redirect("web:my_decisions")


@login_required
def decision_json(request: HttpRequest, decision_id: str) -> HttpResponse:
    pk = parse_id(decision_id)
    decision = Decision.objects.filter(pk=pk, user_id=int(request.user.pk or 0)).first() if pk else None
    if decision is None:
        raise Http404
    response = HttpResponse(json.dumps(present.statement(decision), ensure_ascii=False, indent=2, default=str),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="statement-of-reasons-{decision.pk}.json"'
    return response


def _report_return(request: HttpRequest, target_type: str, target_id: str) -> str:
    """Back where the reader came from: a safe `next`, else the page that linked here, else the note."""
    given = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if given is not None:
        return given
    referer = safe_next(request, request.headers.get("referer"))
    if referer is not None and not referer.startswith(reverse("web:report")):
        return referer
    if target_type == "note" and parse_id(target_id):
        return reverse("web:note", kwargs={"note_id": target_id})
    return reverse("web:home")


@login_required
def report(request: HttpRequest) -> HttpResponse:
    target_type = request.GET.get("type") or request.POST.get("target_type", "")
    target_id = request.GET.get("id") or request.POST.get("target_id", "")
    back = _report_return(request, target_type, target_id)
    if request.method == "POST":
        try:
            reporter = account_of(request)
            _filed, created = actions.do_report(reporter, target_type=target_type, target_id=target_id,
                                                reason=request.POST.get("reason", ""), detail=request.POST.get("detail", ""),
                                                region=reading_region(request, reporter))
        except ApiError as exc:
            if exc.status == 404:
                raise Http404 from exc
            flash.error(request, str(exc.message))
        else:
            flash.success(request, _("Thank you. Our moderators will look at it.") if created
                          else _("You have already reported this."))
            return redirect(back)
    return render(request, "web/report.html", {"target_type": target_type, "target_id": target_id,
                                               "reasons": Report.Reason.choices, "next": back})


def transparency(request: HttpRequest) -> HttpResponse:
    data = queries.transparency()
    return render(request, "web/transparency.html", {
        "data": data,
        "actions": [(str(Decision.Action(k).label), v) for k, v in data["by_action"].items()],
        "grounds": [(str(GROUND_LABELS.get(k, k)), v) for k, v in data["by_ground"].items()]})
