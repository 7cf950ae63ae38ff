"""Who may see programme statistics, and of which programmes (the rules themselves live in
tsunagu.accounts.permissions):

- VIEW_AGGREGATES (municipality administrators, supervisors, the prefecture's analysts): every
  programme of the municipality;
- MANAGE_PROGRAMMES (those who run programmes): the programmes their role runs — an
  organisation's account its organisation's, window staff their window's, a role whose record
  scope is the municipality (or none, the administrators) every programme there.

Only counts leave statistics.py, so the programme decides, not the participants' record scope.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, memberships_for, record_scope
from tsunagu.programmes.models import Programme
from tsunagu.tenancy.models import Municipality

NOTHING = Q(pk__in=[])


def _managed(membership) -> Q:
    """The programmes one MANAGE_PROGRAMMES membership runs."""
    if membership.organization_id:
        return Q(organization_id=membership.organization_id)
    if record_scope(membership.role) in ("municipality", "none"):
        return Q()
    if membership.window_id:
        return Q(window_id=membership.window_id)
    return NOTHING


def statistics_scope(user: User) -> tuple[list[Municipality], QuerySet[Programme]]:
    """The municipalities and programmes whose statistics this user may see; 403 if none."""
    condition = NOTHING
    municipality_ids: set[int] = set()
    for membership in memberships_for(user, action=Action.VIEW_AGGREGATES):
        condition |= Q(municipality_id=membership.municipality_id)
        municipality_ids.add(membership.municipality_id)
    for membership in memberships_for(user, action=Action.MANAGE_PROGRAMMES):
        part = _managed(membership)
        if part is not NOTHING:
            condition |= Q(municipality_id=membership.municipality_id) & part
            municipality_ids.add(membership.municipality_id)
    if not municipality_ids:
        raise PermissionDenied("この操作を行う権限がありません。")
    municipalities = list(Municipality.objects.filter(pk__in=municipality_ids).order_by("code"))
    return municipalities, Programme.objects.filter(condition)
