"""Approval of a version (an assessment, a support plan) through tsunagu.approvals.

The author asks for approval (`submit_version`): the version becomes 承認待ち and is frozen; a
supervisor approves it (承認済み) or returns it with comments (差し戻し: its author edits it
again and asks anew). The decision reaches the version through `version_decided`, which the
approvals app calls inside the decision's transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse

from tsunagu.accounts.models import User
from tsunagu.approvals.models import ApprovalRequest
from tsunagu.approvals.registry import register
from tsunagu.approvals.services import history_for, request_approval, target_of

from .version_services import lock_editable, require_document_of, set_status
from .versioning import CaseVersion, VersionStatus

DECISIONS = {
    ApprovalRequest.Status.APPROVED: VersionStatus.APPROVED,
    ApprovalRequest.Status.RETURNED: VersionStatus.RETURNED,
}


@transaction.atomic
def submit_version(
    actor: User, version: CaseVersion, *, kind: str, action: str, note: str = ""
) -> ApprovalRequest:
    """Ask the supervisors to approve this draft (or returned) version; it is frozen from now."""
    require_document_of(actor, action, version.case)
    version = lock_editable(version)
    request = request_approval(actor, version, kind=kind, note=note)
    set_status(version, VersionStatus.PENDING)
    return request


def version_decided(request: ApprovalRequest) -> None:
    """The decision of a request, on its version (inside the decision's transaction)."""
    status = DECISIONS.get(request.status)
    if status is None:
        return
    target = target_of(request)
    locked = (
        type(target)
        .objects.in_municipality(target.municipality_id)
        .select_for_update()
        .get(pk=target.pk)
    )
    set_status(locked, status)


def register_version_kind(
    kind: str, *, model: type[CaseVersion], label: str, url_name: str, action: str
) -> None:
    register(
        kind,
        model=model,
        label=label,
        on_decided=version_decided,
        url=lambda version: reverse(url_name, args=[version.pk]),
        request_action=action,
        describe=lambda request: [("版", f"第{target_of(request).number}版")],
    )


def approval_context(user: User, version: CaseVersion, action: str) -> dict[str, Any]:
    """The version's approval history for its page (one query) and its waiting request."""
    history = list(history_for(user, version, action))
    return {
        "approval_history": history,
        "approval_text_readable": True,  # the page's readers all read S (versioning)
        "pending_request": next((r for r in history if r.is_pending), None),
    }
