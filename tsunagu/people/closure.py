"""Closing a case (終結) goes through approval: the worker requests it with the closure reason,
the case closes when a supervisor approves, and stays as it was when the request is returned.

The kind "case_closure" is registered with tsunagu.approvals from PeopleConfig.ready(): the
approvals app never imports this one (the registry is how it knows it).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, require
from tsunagu.approvals import registry
from tsunagu.approvals.models import ApprovalRequest
from tsunagu.approvals.services import history_for, request_approval
from tsunagu.core.validation.text import clean_model_text

from .models import Case, CaseStatusChange, ClosureReason
from .services import _locked_visible, apply_status_change
from .visibility import field_policy
from .workflow import check_transition

KIND = "case_closure"
LABEL = "ケースの終結"


@transaction.atomic
def request_closure(
    actor: User, case: Case, *, closure_reason: str | None, reason: str = ""
) -> ApprovalRequest:
    """Ask the supervisors to approve closing ``case`` (the same rules as a direct change:
    a closure reason, a written reason for 「その他」)."""
    require(actor, Action.EDIT_CASE, case.municipality_id)
    fresh = _locked_visible(actor, Action.EDIT_CASE, Case, case)
    reason = clean_model_text(CaseStatusChange, "reason", reason)
    check_transition(fresh.status, Case.Status.CLOSED, reason=reason, closure_reason=closure_reason)
    return request_approval(
        actor,
        fresh,
        kind=KIND,
        note=reason,
        details={"closure_reason": closure_reason, "from_status": fresh.status},
    )


def closure_decided(request: ApprovalRequest) -> None:
    """Approved: close the case (its status history names the approving supervisor). Returned:
    nothing changes."""
    if request.status != ApprovalRequest.Status.APPROVED:
        return
    case = (
        Case.objects.in_municipality(request.municipality_id)
        .select_for_update()
        .get(pk=request.target_id)
    )
    closure_reason = request.details.get("closure_reason")
    check_transition(
        case.status, Case.Status.CLOSED, reason=request.note, closure_reason=closure_reason
    )
    apply_status_change(
        request.decided_by,
        case,
        Case.Status.CLOSED,
        reason=request.note,
        closure_reason=closure_reason,
    )


def describe(request: ApprovalRequest) -> list[tuple[str, str]]:
    reasons = dict(ClosureReason.choices)
    statuses = dict(Case.Status.choices)
    details: dict[str, Any] = request.details or {}
    return [
        ("終結理由", str(reasons.get(details.get("closure_reason"), "—"))),
        ("申請したときの状況", str(statuses.get(details.get("from_status"), "—"))),
        ("ケース", f"ケース #{request.target_id}"),
    ]


def register_closure() -> None:
    registry.register(
        KIND,
        model=Case,
        label=LABEL,
        on_decided=closure_decided,
        url=lambda case: reverse("case-detail", args=[case.pk]),
        describe=describe,
    )


def approval_panel(request: HttpRequest, case: Case) -> dict[str, Any] | None:
    """The case page's 「承認の履歴」 (closure requests and any other kind aimed at the case): one
    query; the S-class note and comments only for who reads S on this case."""
    history = list(history_for(request.user, case))
    if not history:
        return None
    return {
        "approval_history": history,
        "approval_text_readable": field_policy(request.user).reads_sensitive(case),
    }
