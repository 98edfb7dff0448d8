"""Opening cases: every report and flag on a target while its case is open joins that one case."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest

from .models import Case


def open_case(target_type: str, target_id: int, *, kind: str = Case.Kind.REVIEW, author_id: int | None = None,
              severity: int = 0, reach: int = 0, language: str = "", region: str = "", automated: bool = False,
              signals: list[dict[str, Any]] | None = None, evidence: dict[str, Any] | None = None,
              reports: int = 0, **extra: Any) -> Case:
    """The open case of this kind on this target, created if needed. The partial unique constraint
    makes two concurrent reports land in one case: the loser of the insert race joins the winner."""
    for _attempt in range(3):
        case = Case.objects.filter(kind=kind, target_type=target_type, target_id=target_id,
                                   state=Case.State.OPEN).first()
        if case is None:
            try:
                with transaction.atomic():
                    return Case.objects.create(kind=kind, target_type=target_type, target_id=target_id,
                                               target_author_id=author_id, severity=severity, reach=reach,
                                               language=language, region=region, automated=automated,
                                               signals=signals or [], evidence=evidence or {}, reports_count=reports,
                                               **extra)
            except IntegrityError:
                continue
        Case.objects.filter(pk=case.pk).update(
            severity=Greatest(F("severity"), severity), reach=Greatest(F("reach"), reach),
            reports_count=F("reports_count") + reports)
        if signals:
            known = {(s["check"], s["code"]) for s in case.signals}
            merged = case.signals + [s for s in signals if (s["check"], s["code"]) not in known]
            Case.objects.filter(pk=case.pk).update(signals=merged)
        case.refresh_from_db()
        return case
    raise RuntimeError("could not open a case")  # pragma: no cover - three lost races in a row
