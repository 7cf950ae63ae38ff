"""/api/v1/approvals: what waits for a supervisor's decision, approving and returning it.

The same rules as the pages (services.py): supervisors of the request's municipality decide,
never their own request; returning needs a comment (422 otherwise). Requests outside the
caller's reach answer 404; roles without Action.APPROVE 403.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema

from tsunagu.accounts.permissions import Action, municipalities_where, readable_classes
from tsunagu.audit.log import record_list
from tsunagu.core.validation.schema import ModelTextIn
from tsunagu.tenancy.scoping import Sensitivity

from . import services
from .access import get_request_for_user
from .models import ApprovalRequest

router = Router(tags=["approvals"])
MAX_ITEMS = 200


class ApprovalOut(Schema):
    id: int
    kind: str
    kind_label: str
    target_id: int
    target_url: str
    status: str
    status_label: str
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    note: str | None = None
    comment: str | None = None
    details: dict | None = None


class ApprovalList(Schema):
    items: list[ApprovalOut]


class DecisionIn(Schema):
    comment: ModelTextIn(ApprovalRequest, "comment") = ""


def _out(user, request: ApprovalRequest, *, with_url: bool = True) -> dict:
    sensitive = Sensitivity.S in readable_classes(user, request.municipality_id)
    return {
        "id": request.pk,
        "kind": request.kind,
        "kind_label": request.kind_label,
        "target_id": request.target_id,
        "target_url": services.target_url(request) if with_url else "",
        "status": request.status,
        "status_label": str(request.get_status_display()),
        "requested_by": str(request.requested_by),
        "requested_at": request.requested_at,
        "decided_by": str(request.decided_by) if request.decided_by_id else None,
        "decided_at": request.decided_at,
        "note": request.note if sensitive else None,
        "comment": request.comment if sensitive else None,
        "details": request.details if sensitive else None,
    }


def _require_approver(user) -> None:
    if not municipalities_where(user, Action.APPROVE):
        raise PermissionDenied


@router.get("/approvals", response=ApprovalList, summary="承認待ちの申請（監督者）")
def list_waiting(request: HttpRequest) -> dict:
    user = request.auth
    _require_approver(user)
    rows = list(services.waiting_for(user).select_related("decided_by")[:MAX_ITEMS])
    record_list(ApprovalRequest, rows, page="api_approvals")
    # the list leaves target_url out: it would read each target (see GET /approvals/{id})
    return {"items": [_out(user, r, with_url=False) for r in rows]}


@router.get("/approvals/{id:request_id}", response=ApprovalOut, summary="承認の申請")
def get_approval(request: HttpRequest, request_id: int) -> dict:
    user = request.auth
    _require_approver(user)
    return _out(user, get_request_for_user(user, request_id))


@router.post("/approvals/{id:request_id}/approve", response=ApprovalOut, summary="承認する")
def approve_request(request: HttpRequest, request_id: int, payload: DecisionIn) -> dict:
    user = request.auth
    _require_approver(user)
    approval = get_request_for_user(user, request_id)
    services.approve(user, approval, payload.comment)
    return _out(user, approval)


@router.post(
    "/approvals/{id:request_id}/return", response=ApprovalOut, summary="差し戻す（コメント必須）"
)
def return_request(request: HttpRequest, request_id: int, payload: DecisionIn) -> dict:
    user = request.auth
    _require_approver(user)
    approval = get_request_for_user(user, request_id)
    services.return_for_changes(user, approval, payload.comment)
    return _out(user, approval)
