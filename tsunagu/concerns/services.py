"""Concern reports: submit (民生委員), triage (staff), and the queries the dashboard uses."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, QuerySet, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, memberships_for, require
from tsunagu.audit.log import record_denied, record_view
from tsunagu.core.validation import clean_model_text, gather
from tsunagu.intake.models import Intake
from tsunagu.people.models import Case as CaseModel
from tsunagu.tenancy.models import Municipality

from .models import ConcernReport

# Triage is part of taking intakes: the roles that may create an intake (and whose record scope
# reaches the reports, see ConcernReport.scope_q) triage the reports.
TRIAGE_ACTION = Action.CREATE_INTAKE
REPORT_FIELDS = (
    "district",
    "person_hint",
    "approximate_age",
    "situation",
    "how_known",
    "is_urgent",
)


def reporting_municipalities(user: User) -> list[Municipality]:
    return [m.municipality for m in memberships_for(user, action=Action.SUBMIT_CONCERN_REPORT)]


@transaction.atomic
def submit_report(actor: User, municipality: Municipality, **fields: Any) -> ConcernReport:
    require(actor, Action.SUBMIT_CONCERN_REPORT, municipality)
    unknown = set(fields) - set(REPORT_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    required = {"district": _("地区・町名を入力してください。"),
                "situation": _("気になっている様子を入力してください。")}  # fmt: skip
    texts = [name for name in REPORT_FIELDS if name != "is_urgent"]
    values = gather(
        {name: partial(clean_model_text, ConcernReport, name, fields.get(name)) for name in texts}
    )
    missing = {name: message for name, message in required.items() if not values[name]}
    if missing:
        raise ValidationError(missing)
    values["is_urgent"] = bool(fields.get("is_urgent", False))
    return ConcernReport.objects.create(municipality=municipality, reported_by=actor, **values)


def own_reports(user: User) -> QuerySet[ConcernReport]:
    """The commissioner's own reports, newest first."""
    return (
        ConcernReport.objects.visible_to(user, Action.SUBMIT_CONCERN_REPORT)
        .filter(reported_by=user)
        .order_by("-created_at", "-pk")
    )


def reports_to_triage(user: User) -> QuerySet[ConcernReport]:
    """Reports awaiting triage that this user may triage (dashboard: 「確認待ちの連絡」).
    Urgent first, then oldest first."""
    return (
        ConcernReport.objects.visible_to(user, TRIAGE_ACTION)
        .filter(status=ConcernReport.Status.RECEIVED)
        .exclude(reported_by=user)
        .select_related("reported_by")
        .order_by("-is_urgent", "created_at", "pk")
    )


def triage_list(user: User) -> QuerySet[ConcernReport]:
    """Every report this user may triage, open ones first, newest first."""
    return (
        ConcernReport.objects.visible_to(user, TRIAGE_ACTION)
        .exclude(reported_by=user)
        .select_related("reported_by", "triaged_by")
        .annotate(is_open=Case(When(status=ConcernReport.Status.RECEIVED, then=1), default=0))
        .order_by("-is_open", "-is_urgent", "-created_at", "-pk")
    )


def get_report_for_triage(user: User, report_id: int) -> ConcernReport:
    """Fetch one report for a staff member who may triage it (404 otherwise), audited."""
    report = triage_list(user).filter(pk=report_id).select_related("municipality").first()
    if report is None:
        record_denied(ConcernReport, report_id)
        raise Http404
    record_view(report)
    return report


@transaction.atomic
def mark_triaged(actor: User, report: ConcernReport) -> ConcernReport:
    """「確認済みにする」. Idempotent for a report already triaged."""
    require(actor, TRIAGE_ACTION, report.municipality_id)
    if report.status == ConcernReport.Status.RECEIVED:
        report.status = ConcernReport.Status.TRIAGED
        report.triaged_by = actor
        report.triaged_at = timezone.now()
        report.save()
    return report


@transaction.atomic
def intake_started(actor: User, report: ConcernReport) -> ConcernReport:
    """Called by the intake when an intake is created from this report: the report becomes
    triaged (the intake links to the report; the commissioner is never shown it)."""
    require(actor, TRIAGE_ACTION, report.municipality_id)
    if report.status == ConcernReport.Status.RECEIVED:
        report.status = ConcernReport.Status.TRIAGED
        report.triaged_by = actor
        report.triaged_at = timezone.now()
        report.save()
    return report


@transaction.atomic
def mark_handled(actor: User, report: ConcernReport) -> ConcernReport:
    """Called by the intake when the case of the report's intake is opened: 「対応中」."""
    require(actor, TRIAGE_ACTION, report.municipality_id)
    if report.status in (ConcernReport.Status.RECEIVED, ConcernReport.Status.TRIAGED):
        report.triaged_by = report.triaged_by or actor
        report.triaged_at = report.triaged_at or timezone.now()
        report.status = ConcernReport.Status.HANDLED
        report.save()
    return report


@dataclass(frozen=True)
class Outcome:
    """What a report led to, as far as the user may see: its intake and the intake's case."""

    intake: Intake | None
    case_visible: bool
    has_intake: bool  # also when the intake went to a window the user does not see


def outcome_of(user: User, report: ConcernReport) -> Outcome:
    """The report's intake (if the user may open it) and whether its case is visible."""
    intake = (
        Intake.objects.visible_to(user, TRIAGE_ACTION)
        .filter(concern_report=report)
        .only("pk", "number", "case_id", "municipality_id")
        .first()
    )
    case_visible = bool(
        intake
        and intake.case_id
        and CaseModel.objects.visible_to(user, Action.VIEW_CASE).filter(pk=intake.case_id)
    )
    has_intake = intake is not None or (
        Intake.objects.in_municipality(report.municipality_id)
        .filter(concern_report=report)
        .exists()
    )
    return Outcome(intake, case_visible, has_intake)
