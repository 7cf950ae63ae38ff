"""The write path of support meetings (actor first, permission, one transaction per change).

- `create_meeting`, `seat_member`, `acknowledge`: the meeting and who sits in it; members are
  invited (notification "meeting_invitation"); a 支援会議 member acknowledges 守秘義務 first.
- the agenda and its sharing (`add_agenda_item`, `add_member`, `share_item`) are agenda.py;

What the meeting decides (outcomes, action items, minutes) is outcomes.py.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.accounts.models import Membership, User
from tsunagu.accounts.permissions import (
    Action,
    memberships_for,
    record_scope,
    require,
    users_who_may,
)
from tsunagu.core.validation import clean_choice, clean_int, clean_model_text, gather
from tsunagu.core.validation.dates import clean_planned_time
from tsunagu.core.validation.urls import clean_web_url
from tsunagu.notifications.services import notify
from tsunagu.tenancy.models import Organization, Window

from .models import (
    MAX_ACCESS_HOURS,
    Meeting,
    MeetingKind,
    MeetingMember,
)

MAX_MEETING_HOURS = 12


# Who may do what ------------------------------------------------------------------------------
def may_manage(user: User, meeting: Meeting) -> bool:
    """The meeting's organisers: MANAGE_MEETINGS in its municipality, and the convener, the
    staff of the hosting window, or a supervisor (the whole municipality)."""
    for membership in memberships_for(user, meeting.municipality_id, action=Action.MANAGE_MEETINGS):
        level = record_scope(membership.role)
        if level == "municipality" or meeting.convened_by_id == user.pk:
            return True
        if level == "window" and membership.window_id == meeting.window_id:
            return True
    return False


def check_manage(user: User, meeting: Meeting) -> None:
    if not may_manage(user, meeting):
        raise PermissionDenied(_("この会議を運営する権限がありません。"))


def member_of(user: User, meeting: Meeting) -> MeetingMember | None:
    return (
        MeetingMember.objects.in_municipality(meeting.municipality_id)
        .filter(meeting=meeting, user=user)
        .first()
    )


def may_see_contents(user: User, meeting: Meeting, member: MeetingMember | None) -> bool:
    """Anything beyond the invitation: a 支援会議 member only after acknowledging 守秘義務
    (organisers who are members too); other staff by the scope of what they open."""
    if member is not None and meeting.needs_acknowledgement:
        return member.acknowledged_at is not None
    return True


def eligible_members(meeting_or_municipality: Meeting | int, kind: str = "") -> QuerySet[User]:
    """Staff who may sit in a meeting: those who work on cases in its municipality (municipal
    departments and organisations); a ケース会議 only the municipality's own staff."""
    if isinstance(meeting_or_municipality, Meeting):
        municipality_id = meeting_or_municipality.municipality_id
        kind = meeting_or_municipality.kind
    else:
        municipality_id = meeting_or_municipality
    users = users_who_may(Action.VIEW_CASE, municipality_id)
    if kind == MeetingKind.CASE_CONFERENCE:
        outside = Membership.objects.filter(
            municipality_id=municipality_id, is_active=True, organization__isnull=False
        ).values("user_id")
        users = users.exclude(pk__in=outside)
    return users


def _organization_of(user: User, municipality_id: int) -> Organization | None:
    for membership in memberships_for(user, municipality_id, action=Action.VIEW_CASE):
        if membership.organization_id:
            return membership.organization
    return None


# The meeting ------------------------------------------------------------------------------------
def clean_meeting_fields(
    *,
    kind: object,
    title: object,
    starts_at: object,
    ends_at: object,
    place: object = "",
    online_url: object = "",
    access_hours: object = 24,
) -> dict[str, object]:
    """The meeting's fields, checked (one ValidationError with every field's errors)."""
    cleaned = gather(
        {
            "kind": lambda: clean_choice(kind, MeetingKind, field="kind", label=_("会議の種類")),
            "title": lambda: clean_model_text(Meeting, "title", title, required=True),
            "starts_at": lambda: clean_planned_time(starts_at, field="starts_at"),
            "ends_at": lambda: clean_planned_time(ends_at, field="ends_at"),
            "place": lambda: clean_model_text(Meeting, "place", place),
            "online_url": lambda: clean_web_url(online_url, field="online_url"),
            "access_hours": lambda: clean_int(
                access_hours, field="access_hours", min_value=0, max_value=MAX_ACCESS_HOURS
            ),
        }
    )
    start, end = cleaned["starts_at"], cleaned["ends_at"]
    if end <= start:
        raise ValidationError({"ends_at": _("終了予定は開始より後にしてください。")})
    if end - start > datetime.timedelta(hours=MAX_MEETING_HOURS):
        raise ValidationError(
            {"ends_at": _("会議の長さは%(n)s時間以内にしてください。") % {"n": MAX_MEETING_HOURS}}
        )
    if not cleaned["place"] and not cleaned["online_url"]:
        raise ValidationError({"place": _("場所かオンライン会議のURLを入力してください。")})
    return cleaned


@transaction.atomic
def create_meeting(
    actor: User, *, window: Window, members: Iterable[User] = (), **fields: object
) -> Meeting:
    """Convene a meeting hosted by `window`; the convener is its first member."""
    require(actor, Action.MANAGE_MEETINGS, window.municipality_id)
    cleaned = clean_meeting_fields(**fields)
    meeting = Meeting.objects.create(
        municipality_id=window.municipality_id,
        window=window,
        convened_by=actor,
        **cleaned,
    )
    seat_member(actor, meeting, actor, notify_member=False)
    for user in members:
        if user.pk != actor.pk:
            seat_member(actor, meeting, user)  # no agenda yet: nothing to share
    return meeting


def seat_member(
    actor: User, meeting: Meeting, user: User, *, notify_member: bool = True
) -> MeetingMember:
    if not eligible_members(meeting).filter(pk=user.pk).exists():
        if meeting.internal_only:
            message = _(
                "ケース会議の構成員には、自治体の職員だけを選べます（関係機関・委託先は不可）。"
            )
        else:
            message = _("この自治体でケースを扱う職員を選んでください。")
        raise ValidationError({"user": message})
    if (
        MeetingMember.objects.in_municipality(meeting.municipality_id)
        .filter(meeting=meeting, user=user)
        .exists()
    ):
        raise ValidationError({"user": _("この職員はすでに構成員です。")})
    member = MeetingMember.objects.create(
        municipality_id=meeting.municipality_id,
        meeting=meeting,
        user=user,
        organization=_organization_of(user, meeting.municipality_id),
        invited_by=actor,
    )
    if notify_member:
        notify(
            user,
            municipality_id=meeting.municipality_id,
            kind="meeting_invitation",
            message=_("会議への招集が届きました（会議 #%(id)s）") % {"id": meeting.pk},
            target=meeting,
            url=reverse("meeting-detail", args=[meeting.pk]),
        )
    return member


@transaction.atomic
def acknowledge(user: User, meeting: Meeting) -> MeetingMember:
    """The member acknowledges the duty of confidentiality (守秘義務); the time is recorded
    once (acknowledging again changes nothing)."""
    member = (
        MeetingMember.objects.in_municipality(meeting.municipality_id)
        .select_for_update()
        .filter(meeting=meeting, user=user)
        .first()
    )
    if member is None:
        raise PermissionDenied(_("この会議の構成員ではありません。"))
    if member.acknowledged_at is None:
        member.acknowledged_at = timezone.now()
        member.save()
    return member
