"""Who reaches which programme, and what they may do with it.

Programmes and sessions are public data, but the staff pages show drafts too: they are listed
per municipality where the user may VIEW_PROGRAMMES — except for an organisation's account
(団体・広報担当, record scope "organization"), which sees only its own organisation's
programmes. Managing follows the runner: window staff their window's programmes, supervisors and
the municipality's administrators any of the municipality, an organisation's account its own.
Rosters and attendance (personal data) are reached through ``Participant``/``Attendance``
scopes; ``may_run_roster`` answers for a programme whether the user's scope reaches its roster.
Anything outside answers 404 (never 403 on an id from another municipality).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from tsunagu.accounts.permissions import Action, memberships_for, record_scope
from tsunagu.audit.log import record_denied
from tsunagu.tenancy.access import fetch_for_user, units_acting_for
from tsunagu.tenancy.models import Organization, Window

from .models import Attendance, Participant, Programme, Session

if TYPE_CHECKING:
    from tsunagu.accounts.models import Membership, User

NOTHING = Q(pk__in=[])


def _membership_programmes_q(membership: Membership) -> Q:
    if record_scope(membership.role) == "organization":
        return Q(organization_id=membership.organization_id or 0)
    return Q(municipality_id=membership.municipality_id)


def programmes_for(user: User, action: str = Action.VIEW_PROGRAMMES) -> QuerySet[Programme]:
    """The programmes whose staff pages the user may open (for `action`)."""
    condition = NOTHING
    for membership in memberships_for(user, action=action):
        condition |= _membership_programmes_q(membership)
    return Programme.objects.filter(condition).select_related(
        "municipality", "window", "organization"
    )


def get_programme_for_user(user: User, programme_id: int) -> Programme:
    programme = programmes_for(user).filter(pk=programme_id).first()
    if programme is None:
        record_denied(Programme, programme_id)
        raise Http404
    return programme


def get_session_for_user(user: User, session_id: int) -> Session:
    programmes = programmes_for(user).values("pk")
    session = (
        Session.objects.filter(pk=session_id, programme__in=programmes)
        .select_related("programme", "programme__municipality", "schedule")
        .first()
    )
    if session is None:
        record_denied(Session, session_id)
        raise Http404
    return session


def _manages(membership: Membership, programme: Programme) -> bool:
    if membership.municipality_id != programme.municipality_id:
        return False
    level = record_scope(membership.role)
    if level == "organization":
        return bool(membership.organization_id) and membership.organization_id == (
            programme.organization_id
        )
    if level == "window":
        return bool(membership.window_id) and membership.window_id == programme.window_id
    return True  # supervisors (municipality) and the municipality's administrators


def may_manage(user: User, programme: Programme) -> bool:
    """May the user edit the programme, its schedules and sessions?"""
    return any(
        _manages(m, programme)
        for m in memberships_for(user, programme.municipality_id, action=Action.MANAGE_PROGRAMMES)
    )


def runners_for(user: User) -> tuple[list[Window], list[Organization]]:
    """The windows and organisations the user may create programmes for."""
    return units_acting_for(user, Action.MANAGE_PROGRAMMES)


def _reaches_roster(membership: Membership, programme: Programme) -> bool:
    if membership.municipality_id != programme.municipality_id:
        return False
    level = record_scope(membership.role)
    if level == "municipality":
        return programme.organization_id is None
    if level == "window":
        return bool(membership.window_id) and membership.window_id == programme.window_id
    if level == "organization":
        return bool(membership.organization_id) and (
            membership.organization_id == programme.organization_id
        )
    return False


def may_run_roster(user: User, programme: Programme, action: str) -> bool:
    """Does the user's scope reach this programme's whole roster for `action`
    (VIEW_PARTICIPANTS or MANAGE_PARTICIPANTS)? An organisation's member list: its own
    accounts only."""
    return any(
        _reaches_roster(m, programme)
        for m in memberships_for(user, programme.municipality_id, action=action)
    )


def roster_of(user: User, programme: Programme, action: str = Action.VIEW_PARTICIPANTS):
    """The programme's participants the user reaches (scoped)."""
    return Participant.objects.visible_to(user, action).filter(programme=programme)


def attendance_of(user: User, session: Session, action: str = Action.VIEW_PARTICIPANTS):
    return Attendance.objects.visible_to(user, action).filter(session=session)


def get_participant_for_user(user: User, participant_id: int, action: str) -> Participant:
    return fetch_for_user(
        user, action, Participant, participant_id, related=["programme", "person"]
    )
