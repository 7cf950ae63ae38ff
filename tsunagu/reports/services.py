"""Reports for staff: who may see which view, running it, and recording that it was seen."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from tsunagu.accounts.permissions import aggregate_municipalities
from tsunagu.audit.log import record
from tsunagu.audit.models import AuditAction

from . import standard  # noqa: F401 - registers the standard report
from .engine import ReportResult, run_report
from .sources import Scope

MUNICIPALITY, PREFECTURE = "municipality", "prefecture"


def allowed_municipalities(user: Any, view: str) -> list[int]:
    """Municipality ids whose aggregates the user may see in this view (may be empty)."""
    return aggregate_municipalities(user, view)


def municipality_report(user: Any, data: dict[str, Any]) -> ReportResult:
    """The full counts for one municipality or one of its windows (a cleaned ReportForm)."""
    municipality = data["municipality_obj"]
    if municipality.pk not in allowed_municipalities(user, MUNICIPALITY):
        raise PermissionDenied("この自治体の集計を見る権限がありません。")
    window = data.get("window_obj")
    label = municipality.name + (f" {window.name}" if window else "")
    return run_report(
        data["definition"],
        Scope((municipality.pk,), window.pk if window else None),
        data["period"],
        scope_label=label,
    )


def prefecture_report(user: Any, data: dict[str, Any]) -> ReportResult:
    """Municipality × category grids across a prefecture, counts under 5 suppressed."""
    municipalities = data["municipality_list"]
    allowed = set(allowed_municipalities(user, PREFECTURE))
    if not municipalities or any(pk not in allowed for pk, _name in municipalities):
        raise PermissionDenied("この都道府県の集計を見る権限がありません。")
    return run_report(
        data["definition"],
        Scope(tuple(pk for pk, _name in municipalities)),
        data["period"],
        scope_label=data["prefecture_obj"].name,
        prefecture=True,
        municipalities=municipalities,
    )


def record_report(action: str, result: ReportResult, data: dict[str, Any], fmt: str = "") -> None:
    """One audit entry per municipality counted: who saw or exported which report, when."""
    window = data.get("window_obj")
    extra = {
        "report": result.report.key,
        "period": result.period.slug,
        "view": PREFECTURE if result.prefecture else MUNICIPALITY,
    }
    if window is not None:
        extra["window"] = window.pk
    if fmt:
        extra["format"] = fmt
    if result.prefecture:
        ids = [pk for pk, _name in data["municipality_list"]]
    else:
        ids = [data["municipality_obj"].pk]
    for municipality_id in ids:
        record(
            action,
            object_type="reports.report",
            object_id=result.report.key,
            municipality_id=municipality_id,
            extra=extra,
        )


VIEW, EXPORT = AuditAction.VIEW, AuditAction.EXPORT
