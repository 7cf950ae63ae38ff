"""Who reaches which announcement and flyer placement (staff pages), as programmes do.

Listed per municipality where the user may MANAGE_ANNOUNCEMENTS, except an organisation's
account (団体・広報担当, record scope "organization"): only its own organisation's announcements;
window staff (record scope "window") their window's. Anything outside answers 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from tsunagu.accounts.permissions import Action, memberships_for, record_scope
from tsunagu.audit.log import record_denied
from tsunagu.tenancy.access import units_acting_for
from tsunagu.tenancy.models import Organization, Window

from .models import Announcement, FlyerPlacement

if TYPE_CHECKING:
    from tsunagu.accounts.models import Membership, User

NOTHING = Q(pk__in=[])


def _membership_q(membership: Membership) -> Q:
    level = record_scope(membership.role)
    if level == "organization":
        return Q(organization_id=membership.organization_id or 0)
    if level == "window":
        return Q(window_id=membership.window_id or 0)
    return Q(municipality_id=membership.municipality_id)


def announcements_for(user: User) -> QuerySet[Announcement]:
    """The announcements the user may open and manage."""
    condition = NOTHING
    for membership in memberships_for(user, action=Action.MANAGE_ANNOUNCEMENTS):
        condition |= _membership_q(membership)
    return Announcement.objects.filter(condition).select_related(
        "municipality", "window", "organization"
    )


def get_announcement_for_user(user: User, announcement_id: int) -> Announcement:
    announcement = announcements_for(user).filter(pk=announcement_id).first()
    if announcement is None:
        record_denied(Announcement, announcement_id)
        raise Http404
    return announcement


def authors_for(user: User) -> tuple[list[Window], list[Organization]]:
    """The windows and organisations the user may announce for."""
    return units_acting_for(user, Action.MANAGE_ANNOUNCEMENTS)


def placement_municipalities(user: User) -> list[int]:
    """Flyer placements are the municipality's list: anyone who announces there keeps it."""
    return sorted(
        {m.municipality_id for m in memberships_for(user, action=Action.MANAGE_ANNOUNCEMENTS)}
    )


def placements_for(user: User) -> QuerySet[FlyerPlacement]:
    return FlyerPlacement.objects.filter(
        municipality_id__in=placement_municipalities(user)
    ).select_related("municipality", "announcement")


def get_placement_for_user(user: User, placement_id: int) -> FlyerPlacement:
    placement = placements_for(user).filter(pk=placement_id).first()
    if placement is None:
        record_denied(FlyerPlacement, placement_id)
        raise Http404
    return placement
