"""/api/v1/ endpoints of access grants: list a case's current grants, end one.

The same services and checks as the case page (people.grants): a grant is ended by the
granting window's staff or a supervisor, with a reason; from then on the grantee's reads
answer 404.
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from tsunagu.core.validation.schema import ModelTextIn

from . import grants
from .access import get_case_for_user
from .models import AccessGrant

router = Router(tags=["grants"])


class GrantOut(Schema):
    id: int
    case_id: int
    user_id: int | None
    user_name: str | None
    organization_id: int | None
    organization_name: str | None
    source: str
    source_label: str
    covers_contacts: bool
    covers_intake: bool
    covers_sensitive: bool
    starts_at: datetime | None
    ends_at: datetime | None
    granted_by: str | None
    granting_window: str
    ended_at: datetime | None
    may_end: bool


class GrantListOut(Schema):
    items: list[GrantOut]


class GrantEndIn(Schema):
    reason: ModelTextIn(AccessGrant, "end_reason")


def _out(grant: AccessGrant, may_end: bool) -> dict:
    return {
        "id": grant.pk,
        "case_id": grant.case_id,
        "user_id": grant.user_id,
        "user_name": str(grant.user) if grant.user else None,
        "organization_id": grant.organization_id,
        "organization_name": grant.organization.name if grant.organization else None,
        "source": grant.source,
        "source_label": str(grant.get_source_display()),
        "covers_contacts": grant.covers_contacts,
        "covers_intake": grant.covers_intake,
        "covers_sensitive": grant.covers_sensitive,
        "starts_at": grant.starts_at,
        "ends_at": grant.ends_at,
        "granted_by": str(grant.granted_by) if grant.granted_by else None,
        "granting_window": grant.granting_window.name,
        "ended_at": grant.ended_at,
        "may_end": may_end,
    }


@router.get("/cases/{id:case_id}/grants", response=GrantListOut, summary="ケースのアクセス権")
def case_grants(request: HttpRequest, case_id: int) -> dict:
    case = get_case_for_user(request.auth, case_id)
    return {"items": [_out(g, g.may_end) for g in grants.current_grants(request.auth, case)]}


@router.post("/grants/{id:grant_id}/end", response=GrantOut, summary="アクセス権を終了する")
def end_grant(request: HttpRequest, grant_id: int, payload: GrantEndIn) -> dict:
    grant = grants.get_grant_for_user(request.auth, grant_id)
    return _out(grants.end_grant(request.auth, grant, payload.reason), may_end=False)
