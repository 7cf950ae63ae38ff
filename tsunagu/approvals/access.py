"""Opening one approval request by id: through the one access helper (scoped, 404 outside the
user's reach, the read audited)."""

from __future__ import annotations

from typing import Any

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action
from tsunagu.tenancy.access import fetch_for_user

from .models import ApprovalRequest


def get_request_for_user(
    user: User, request_id: Any, action: str = Action.APPROVE
) -> ApprovalRequest:
    return fetch_for_user(
        user, action, ApprovalRequest, request_id, related=("requested_by", "decided_by")
    )
