"""Test builders for support meetings.

`add_meetings(world)` gives every Side `meeting` (a 支援会議 in session: the window's counsellor
convenes it, the agency user sits in it and has acknowledged 守秘義務, the case is on its agenda
with a prepared summary, a role and an action item owned by the agency user), `agenda_item`,
`action_item`, and on home `other_meeting` / `other_agenda_item` / `other_action_item` (a
ケース会議 of the children's window on the other case, nobody else in it), so the URL walker can
fill `meeting_id`, `item_id` and `action_item_id`.

The rows are written directly (as world.py writes grants) so that the walk does not depend on the
consent register; tsunagu/meetings/tests go through the services.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.accounts.roles import Role
from tsunagu.meetings.models import (
    ActionItem,
    AgendaItem,
    AgendaShare,
    Meeting,
    MeetingKind,
    MeetingMember,
    RoleAssignment,
)
from tsunagu.people.models import AccessGrant, Case
from tsunagu.tenancy.models import Window

from .world import Side, World


def make_meeting(
    window: Window,
    convener: User,
    *,
    kind: str = MeetingKind.SHIEN_KAIGI,
    starts_at: datetime.datetime | None = None,
    hours: int = 2,
    **fields: object,
) -> Meeting:
    starts_at = starts_at or timezone.now() - datetime.timedelta(minutes=30)
    values: dict[str, object] = {
        "title": "テスト支援会議",
        "place": "市役所 会議室A",
        "access_hours": 24,
    }
    values.update(fields)
    meeting = Meeting.objects.create(
        municipality_id=window.municipality_id,
        window=window,
        convened_by=convener,
        kind=kind,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        **values,
    )
    add_member(meeting, convener, acknowledged=True)
    return meeting


def add_member(meeting: Meeting, user: User, *, acknowledged: bool = False) -> MeetingMember:
    membership = user.memberships.filter(municipality_id=meeting.municipality_id).first()
    return MeetingMember.objects.create(
        municipality_id=meeting.municipality_id,
        meeting=meeting,
        user=user,
        organization=membership.organization if membership else None,
        acknowledged_at=timezone.now() if acknowledged else None,
        invited_by=meeting.convened_by,
    )


def table_case(
    meeting: Meeting, case: Case, shared_with: list[MeetingMember], **fields: object
) -> AgendaItem:
    """The case on the agenda, shared with these members through meeting grants."""
    values: dict[str, object] = {
        "heading": "Aさん（40代男性）",
        "summary": "8050世帯。母親からの相談。",
        "sensitive_summary": "通院歴あり（要配慮）",
        "direction": "訪問を継続し、就労準備支援へつなぐ",
    }
    values.update(fields)
    item = AgendaItem.objects.create(
        municipality_id=meeting.municipality_id,
        meeting=meeting,
        case=case,
        prepared_by=meeting.convened_by,
        shared_at=timezone.now(),
        **values,
    )
    for member in (
        MeetingMember.objects.in_municipality(meeting.municipality_id)
        .filter(meeting=meeting)
        .exclude(pk__in=[m.pk for m in shared_with])
    ):  # the case's own staff: a share without a grant (they reach the case by their role)
        AgendaShare.objects.create(
            municipality_id=meeting.municipality_id, item=item, member=member, grant=None
        )
    for member in shared_with:
        grant = AccessGrant.objects.create(
            municipality_id=meeting.municipality_id,
            case=case,
            user=member.user,
            source=AccessGrant.Source.MEETING,
            covers_record=False,
            covers_contacts=False,
            covers_intake=False,
            starts_at=meeting.starts_at,
            ends_at=meeting.access_until,
            granted_by=meeting.convened_by,
            granting_window_id=case.window_id,
        )
        AgendaShare.objects.create(
            municipality_id=meeting.municipality_id, item=item, member=member, grant=grant
        )
    return item


def _outcomes(item: AgendaItem, owner: User, side: Side) -> ActionItem:
    RoleAssignment.objects.create(
        municipality_id=item.municipality_id,
        item=item,
        organization=side.agency,
        role="月1回の家庭訪問",
        created_by=item.prepared_by,
    )
    return ActionItem.objects.create(
        municipality_id=item.municipality_id,
        item=item,
        case_id=item.case_id,
        owner=owner,
        title="母親に連絡する",
        due_on=timezone.localdate() + datetime.timedelta(days=7),
        created_by=item.prepared_by,
    )


def add_meetings(world: World) -> None:
    for side in (world.home, world.away):
        convener = side.users[Role.COUNSELLOR]
        meeting = make_meeting(side.window, convener)
        members = [
            MeetingMember.objects.in_municipality(side.municipality).get(
                meeting=meeting, user=convener
            )
        ]
        agency_user = side.users.get(Role.AGENCY_STAFF)
        owner = convener
        if agency_user is not None:
            members.append(add_member(meeting, agency_user, acknowledged=True))
            owner = agency_user
        item = table_case(meeting, side.case, members[1:])
        side.meeting, side.agenda_item = meeting, item
        side.action_item = _outcomes(item, owner, side)
    home = world.home
    supervisor = home.users[Role.SUPERVISOR]
    other = make_meeting(
        home.other_window, supervisor, kind=MeetingKind.CASE_CONFERENCE, title="子ども ケース会議"
    )
    home.other_meeting = other
    home.other_agenda_item = table_case(other, home.other_case, [])
    home.other_action_item = _outcomes(home.other_agenda_item, supervisor, home)
