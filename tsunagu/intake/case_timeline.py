"""What the intake adds to the case page (tsunagu.people.panels / people.timeline): the
intakes and the 民生委員 concern reports that led to the case in its timeline, and the consent
state and risk flags of its summary header.

Intakes are read with CREATE_INTAKE (the intake list's action) through ``visible_to``: a grantee
sees them only when the grant covers the intake sheet; concern reports only by triaging staff.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.accounts.models import unnamed_user_fields
from tsunagu.accounts.permissions import Action
from tsunagu.concerns.models import ConcernReport
from tsunagu.core.fixed_query import FixedQuery
from tsunagu.people.visibility import field_policy
from tsunagu.tenancy.access import fetch_in_scope
from tsunagu.tenancy.models import unnamed_window_fields

from .models import Intake

INTAKE_ACTION = Action.CREATE_INTAKE
RECENT_INTAKES = 20  # the summary reads the case's latest intakes, not all of them


def _case_intakes(user: Any, case: Any) -> QuerySet | None:
    from tsunagu.people.timeline import may_view

    if not may_view(user, case, INTAKE_ACTION):
        return None
    return Intake.objects.visible_to(user, INTAKE_ACTION).filter(case_id=case.pk)


def intake_rows(user: Any, case: Any) -> QuerySet | None:
    intakes = _case_intakes(user, case)
    if intakes is None:
        return None
    return intakes.select_related("window", "received_by").defer(
        "answers",  # the sheet itself: its own page shows it
        *unnamed_user_fields("received_by"),
        *unnamed_window_fields("window"),
    )


def concern_rows(user: Any, case: Any) -> QuerySet | None:
    intakes = intake_rows(user, case)
    if intakes is None:
        return None
    return ConcernReport.objects.visible_to(user, INTAKE_ACTION).filter(
        pk__in=intakes.values("concern_report_id")
    )


def _recent_submitted(user: Any, case_id: int) -> QuerySet:
    # the facts and the header's consent (its label and number) need no related rows
    return (
        Intake.objects.visible_to(user, INTAKE_ACTION)
        .filter(case_id=case_id, status=Intake.Status.SUBMITTED)
        .defer("answers")
        .order_by("-received_at")[:RECENT_INTAKES]
    )


_RECENT_SUBMITTED = FixedQuery(_recent_submitted, case_id=int)  # on every case page


def intake_facts(request: HttpRequest, case: Any) -> dict[str, Any]:
    """Consent (the latest submitted intake that asked; 未確認 when none did) and the risk flags
    of the case's intakes (urgent; risk items, an S-class fact, only to those who read S)."""
    from tsunagu.people.timeline import may_view

    if not may_view(request.user, case, INTAKE_ACTION):
        return {"consent_hidden": True}  # the role reads no intakes: not "未確認"
    intakes = fetch_in_scope(_RECENT_SUBMITTED, request.user, case_id=case.pk)
    policy = field_policy(request.user)
    policy.prime(intakes)
    consent = next((i for i in intakes if i.consent != Intake.Consent.UNKNOWN), None)
    risks = []
    if any(i.urgency == Intake.Urgency.HIGH for i in intakes):
        risks.append(_("緊急度 高"))
    if any(i.has_risk and policy.readable(i, "has_risk") for i in intakes):
        risks.append(_("リスク項目に該当"))
    return {"consent_intake": consent, "risks": risks}


def register() -> None:
    from tsunagu.people.panels import register_case_summary
    from tsunagu.people.timeline import register_timeline_source

    register_timeline_source(
        "intake",
        gettext_lazy("受付"),
        "intake/timeline/_intake.html",
        intake_rows,
        time_field="received_at",
        order=10,
    )
    register_timeline_source(
        "concern",
        gettext_lazy("気になる方の連絡"),
        "intake/timeline/_concern.html",
        concern_rows,
        time_field="created_at",
        order=80,
    )
    register_case_summary("intake", intake_facts)
