"""/api/v1/concern-reports: 民生委員 submit reports; staff read the triage list.

`GET` answers the triage list to staff who triage (reception, counsellor, supervisor) and the
caller's own reports to a commissioner — for the latter only the date, district, urgency and
whether staff have confirmed it (never the intake or the case).
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from tsunagu.accounts.permissions import Action, can
from tsunagu.audit.log import record_list
from tsunagu.core.validation import invalid
from tsunagu.core.validation.schema import ModelTextIn, MunicipalityCodeIn
from tsunagu.people.visibility import field_policy

from .models import ConcernReport
from .services import (
    REPORT_FIELDS,
    TRIAGE_ACTION,
    own_reports,
    reporting_municipalities,
    submit_report,
    triage_list,
)

router = Router(tags=["concerns"])
MAX_ITEMS = 200


class ConcernReportIn(Schema):
    municipality_code: MunicipalityCodeIn | None = None
    district: ModelTextIn(ConcernReport, "district")
    person_hint: ModelTextIn(ConcernReport, "person_hint") = ""
    approximate_age: ModelTextIn(ConcernReport, "approximate_age") = ""
    situation: ModelTextIn(ConcernReport, "situation")
    how_known: ModelTextIn(ConcernReport, "how_known") = ""
    is_urgent: bool = False


class ConcernReportOut(Schema):
    id: int
    municipality_code: str
    created_at: datetime
    district: str | None = None
    is_urgent: bool
    status: str
    status_label: str
    person_hint: str | None = None
    approximate_age: str | None = None
    situation: str | None = None
    how_known: str | None = None


class ConcernReportList(Schema):
    items: list[ConcernReportOut]


def _as_reporter(report: ConcernReport) -> dict:
    received = report.status == ConcernReport.Status.RECEIVED
    return {
        "id": report.pk,
        "municipality_code": report.municipality.code,
        "created_at": report.created_at,
        "district": report.district,
        "is_urgent": report.is_urgent,
        "status": "received" if received else "triaged",
        "status_label": report.reporter_status_label,
    }


def _as_staff(user, report: ConcernReport) -> dict:
    return {
        "id": report.pk,
        "municipality_code": report.municipality.code,
        "created_at": report.created_at,
        "is_urgent": report.is_urgent,
        "status": report.status,
        "status_label": str(report.get_status_display()),
        **field_policy(user).values(report, [n for n in REPORT_FIELDS if n != "is_urgent"]),
    }


@router.post(
    "/concern-reports", response={201: ConcernReportOut}, summary="気になる方の連絡（民生委員）"
)
def create_concern_report(request: HttpRequest, payload: ConcernReportIn) -> Status:
    user = request.auth
    municipalities = reporting_municipalities(user)
    if not municipalities:
        raise PermissionDenied
    if payload.municipality_code:
        chosen = [m for m in municipalities if m.code == payload.municipality_code]
        if not chosen:
            raise invalid("municipality_code", _("この自治体には連絡できません。"))
        municipality = chosen[0]
    elif len(municipalities) == 1:
        municipality = municipalities[0]
    else:
        raise invalid("municipality_code", _("municipality_code を指定してください。"))
    fields = payload.dict(exclude={"municipality_code"})
    report = submit_report(user, municipality, **fields)
    return Status(201, _as_reporter(report))


@router.get("/concern-reports", response=ConcernReportList, summary="気になる方の連絡の一覧")
def list_concern_reports(request: HttpRequest) -> dict:
    user = request.auth
    if can(user, TRIAGE_ACTION):
        rows = list(triage_list(user).select_related("municipality")[:MAX_ITEMS])
        record_list(ConcernReport, rows, page="api_concern_reports")
        return {"items": [_as_staff(user, r) for r in rows]}
    if can(user, Action.SUBMIT_CONCERN_REPORT):
        rows = list(own_reports(user).select_related("municipality")[:MAX_ITEMS])
        record_list(ConcernReport, rows, page="api_own_concern_reports")
        return {"items": [_as_reporter(r) for r in rows]}
    raise PermissionDenied
