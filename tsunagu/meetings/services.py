"""The write path of support meetings (actor first, permission, one transaction per change).

- `create_meeting`, `add_member`, `acknowledge`: the meeting and who sits in it; members are
  invited (notification "meeting_invitation"); a 支援会議 member acknowledges 守秘義務 first.
- `add_agenda_item`: the case's own staff table a case with the summary they prepared. Sharing
  it is a disclosure (tsunagu.consent.disclosure) on the basis the meeting's kind allows, and
  each member who does not reach the case by their own role gets an access grant of source
  "meeting" (people.grants.grant_meeting_access) from the opening until `access_hours` after
  the end. A member added later gets the agenda shared the same way.
- outcomes: `set_direction`, `assign_role`, `add_action_item` (notification
  "action_item_assigned"), `complete_action_item`;
- minutes: `save_minutes`, `request_minutes_approval` (tsunagu.approvals kind "minutes"),
  `minutes_decided` (its on_decided);
- `notify_overdue`: the overdue notifications (command `tsunagu notify-overdue-actions`).
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
from tsunagu.approvals.models import ApprovalRequest
from tsunagu.approvals.services import request_approval
from tsunagu.consent.disclosure import Basis, DisclosureRefused, disclose, valid_consents
from tsunagu.consent.models import Category
from tsunagu.core.validation import clean_choice, clean_int, clean_model_text, gather
from tsunagu.core.validation.dates import clean_planned_date, clean_planned_time
from tsunagu.core.validation.urls import clean_web_url
from tsunagu.notifications.services import notify
from tsunagu.people.grants import grant_meeting_access, reaches_without_grant
from tsunagu.people.models import Case
from tsunagu.tenancy.models import Organization, Window

from .models import (
    MAX_ACCESS_HOURS,
    ActionItem,
    AgendaItem,
    AgendaShare,
    Meeting,
    MeetingKind,
    MeetingMember,
    MinutesState,
    RoleAssignment,
)

MAX_MEETING_HOURS = 12
# ケース会議: the municipality's own staff share a case for their administrative work.
INTERNAL_USE_LAW = "行政機関等の内部での利用（個人情報保護法第69条第2項第2号）"
NO_CONSENT = _(
    "このケースには、構成員の所属機関すべてへの提供に同意した有効な同意の記録がありません。"
    "重層的支援会議の議題にできるのは、同意のあるケースだけです（同意の記録を確認するか、"
    "支援会議として開催してください）。"
)


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
    _add_member(actor, meeting, actor, notify_member=False)
    for user in members:
        if user.pk != actor.pk:
            add_member(actor, meeting, user)
    return meeting


def _add_member(
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
def add_member(actor: User, meeting: Meeting, user: User) -> MeetingMember:
    """Invite `user`. The agenda cases the actor reaches by their own role are shared with
    them at once (a disclosure each); the others wait for their case's staff (`share_item`)."""
    check_manage(actor, meeting)
    member = _add_member(actor, meeting, user)
    items = AgendaItem.objects.in_municipality(meeting.municipality_id).filter(
        meeting=meeting, case__isnull=False
    )
    for item in items.select_related("case", "meeting"):
        if reaches_without_grant(actor, item.case, Action.MANAGE_MEETINGS):
            _share(actor, item, [member])
    return member


def unshared_members(item: AgendaItem) -> list[MeetingMember]:
    """Members without a share of this case item (added after it was tabled)."""
    if item.case_id is None:
        return []
    shared = AgendaShare.objects.in_municipality(item.municipality_id).filter(item=item)
    return list(
        MeetingMember.objects.in_municipality(item.municipality_id)
        .filter(meeting_id=item.meeting_id)
        .exclude(pk__in=shared.values("member_id"))
        .select_related("user", "organization")
    )


@transaction.atomic
def share_item(actor: User, item: AgendaItem) -> int:
    """Share a tabled case with the members added since (its case's own staff only)."""
    require(actor, Action.MANAGE_MEETINGS, item.municipality_id)
    if item.case is None or not reaches_without_grant(actor, item.case, Action.MANAGE_MEETINGS):
        raise PermissionDenied(_("共有できるのは、このケースを担当する窓口の職員だけです。"))
    if item.meeting.window_state() == "closed":
        raise ValidationError(_("終了した会議の資料は共有できません。"))
    members = unshared_members(item)
    _share(actor, item, members)
    return len(members)


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


# The agenda ---------------------------------------------------------------------------------------
def _basis(
    meeting: Meeting, case: Case, organizations: list[Organization], categories: list[str]
) -> Basis:
    """The legal basis the meeting's kind gives: 106条の6 for a 支援会議, the internal use of
    the municipality's own staff for a ケース会議, a consent in force covering the members'
    organisations for a 重層的支援会議 (refused without one)."""
    if meeting.kind == MeetingKind.SHIEN_KAIGI:
        return Basis.support_meeting()
    if meeting.kind == MeetingKind.CASE_CONFERENCE:
        return Basis.statute(INTERNAL_USE_LAW)
    consents = valid_consents(case, organizations=organizations, categories=categories)
    if not consents:
        raise DisclosureRefused(NO_CONSENT)
    return Basis.consent(consents[0])


def _categories(item: AgendaItem) -> list[str]:
    categories = [Category.BASIC]
    if item.sensitive_summary:
        categories.append(Category.SENSITIVE)
    return categories


def _share(actor: User, item: AgendaItem, members: list[MeetingMember]) -> None:
    """Disclose the item's summary to `members` (those who do not reach the case by their own
    role) and open their access windows. Refused (DisclosureRefused) without a basis."""
    meeting, case = item.meeting, item.case
    receivers = []
    for member in members:
        if reaches_without_grant(member.user, case, Action.VIEW_CASE):
            AgendaShare.objects.create(
                municipality_id=meeting.municipality_id, item=item, member=member, grant=None
            )
        else:
            receivers.append(member)
    if not receivers:
        return
    organizations = list(
        {m.organization_id: m.organization for m in receivers if m.organization}.values()
    )
    categories = _categories(item)
    disclosure = disclose(
        actor,
        case,
        channel="meeting",
        organizations=organizations,
        categories=categories,
        basis=_basis(meeting, case, organizations, categories),
        target=item,
        recipients=[m.user for m in receivers],
    )
    for member in receivers:
        grant = grant_meeting_access(
            actor,
            case,
            user=member.user,
            starts_at=meeting.starts_at,
            ends_at=meeting.access_until,
            action=Action.MANAGE_MEETINGS,
            reason=_("%(title)s の資料（議題 #%(id)s）") % {"title": meeting.title, "id": item.pk},
        )
        AgendaShare.objects.create(
            municipality_id=meeting.municipality_id, item=item, member=member, grant=grant
        )
    if item.disclosure_id is None:
        item.disclosure_id = disclosure.pk
        item.shared_at = timezone.now()
        item.save()


@transaction.atomic
def add_agenda_item(
    actor: User,
    meeting: Meeting,
    *,
    case: Case | None,
    heading: object,
    summary: object = "",
    sensitive_summary: object = "",
) -> AgendaItem:
    """Table a case (or, in a network meeting, an anonymised topic) with its prepared summary
    and share it with the members."""
    require(actor, Action.MANAGE_MEETINGS, meeting.municipality_id)
    if meeting.window_state() == "closed":
        raise ValidationError(_("終了した会議の議題は追加できません。"))
    cleaned = gather(
        {
            "heading": lambda: clean_model_text(AgendaItem, "heading", heading, required=True),
            "summary": lambda: clean_model_text(AgendaItem, "summary", summary),
            "sensitive_summary": lambda: clean_model_text(
                AgendaItem, "sensitive_summary", sensitive_summary
            ),
        }
    )
    if not meeting.holds_cases:
        if case is not None:
            raise ValidationError(
                {
                    "case": _(
                        "ネットワーク会議の議題には、個人が特定できるケースを載せられません。"
                        "匿名化した事例の要点だけを書いてください。"
                    )
                }
            )
        check_manage(actor, meeting)
    else:
        if case is None:
            raise ValidationError({"case": _("議題にするケースを選んでください。")})
        if case.municipality_id != meeting.municipality_id or not reaches_without_grant(
            actor, case, Action.MANAGE_MEETINGS
        ):
            raise PermissionDenied(
                _(
                    "議題にできるのは、自分の窓口で担当しているケースだけです（ケースの担当職員が準備します）。"
                )
            )
        if (
            AgendaItem.objects.in_municipality(meeting.municipality_id)
            .filter(meeting=meeting, case=case)
            .exists()
        ):
            raise ValidationError({"case": _("このケースはすでに議題にあります。")})
    if not may_manage(actor, meeting) and member_of(actor, meeting) is None:
        raise PermissionDenied(_("この会議の構成員か運営者だけが議題を追加できます。"))
    last = (
        AgendaItem.objects.in_municipality(meeting.municipality_id)
        .filter(meeting=meeting)
        .order_by("-order")
        .values_list("order", flat=True)
        .first()
    )
    item = AgendaItem.objects.create(
        municipality_id=meeting.municipality_id,
        meeting=meeting,
        case=case,
        order=(last or 0) + 1,
        prepared_by=actor,
        **cleaned,
    )
    if case is not None:
        members = list(
            MeetingMember.objects.in_municipality(meeting.municipality_id)
            .filter(meeting=meeting)
            .select_related("user", "organization")
        )
        _share(actor, item, members)
    return item


# Outcomes -----------------------------------------------------------------------------------------
def _check_outcome(actor: User, item: AgendaItem) -> None:
    check_manage(actor, item.meeting)
    if item.meeting.window_state() == "before":
        raise ValidationError(_("会議の開始前には結果を記録できません。"))


@transaction.atomic
def set_direction(actor: User, item: AgendaItem, direction: object) -> AgendaItem:
    _check_outcome(actor, item)
    item.direction = clean_model_text(AgendaItem, "direction", direction, required=True)
    item.save()
    return item


def assignable_organizations(meeting: Meeting) -> QuerySet[Organization]:
    return Organization.objects.filter(municipality_id=meeting.municipality_id).order_by("name")


def meeting_users(meeting: Meeting) -> QuerySet[User]:
    member_ids = MeetingMember.objects.in_municipality(meeting.municipality_id).filter(
        meeting=meeting
    )
    return User.objects.filter(pk__in=member_ids.values("user_id")).order_by(
        "display_name_kana", "username"
    )


@transaction.atomic
def assign_role(
    actor: User,
    item: AgendaItem,
    *,
    role: object,
    organization: Organization | None = None,
    user: User | None = None,
) -> RoleAssignment:
    """役割分担: an organisation (of the municipality) and/or a member, and what they do."""
    _check_outcome(actor, item)
    role = clean_model_text(RoleAssignment, "role", role, required=True)
    if organization is None and user is None:
        raise ValidationError({"organization": _("担当する機関か構成員を選んでください。")})
    if organization is not None and organization.municipality_id != item.municipality_id:
        raise ValidationError({"organization": _("この自治体の機関・団体を選んでください。")})
    if user is not None and not meeting_users(item.meeting).filter(pk=user.pk).exists():
        raise ValidationError({"user": _("会議の構成員を選んでください。")})
    return RoleAssignment.objects.create(
        municipality_id=item.municipality_id,
        item=item,
        organization=organization,
        user=user,
        role=role,
        created_by=actor,
    )


@transaction.atomic
def add_action_item(
    actor: User, item: AgendaItem, *, owner: User, title: object, due_on: object
) -> ActionItem:
    """A task with an owner (a member) and a due date; the owner is notified."""
    _check_outcome(actor, item)
    cleaned = gather(
        {
            "title": lambda: clean_model_text(ActionItem, "title", title, required=True),
            "due_on": lambda: (
                clean_planned_date(due_on, field="due_on")
                or _required("due_on", _("期限を入力してください。"))
            ),
        }
    )
    if owner is None or not meeting_users(item.meeting).filter(pk=owner.pk).exists():
        raise ValidationError({"owner": _("担当者は会議の構成員から選んでください。")})
    action = ActionItem.objects.create(
        municipality_id=item.municipality_id,
        item=item,
        case_id=item.case_id,
        owner=owner,
        created_by=actor,
        **cleaned,
    )
    notify(
        owner,
        municipality_id=item.municipality_id,
        kind="action_item_assigned",
        message=_("会議で対応をお願いされました（アクションアイテム #%(id)s）") % {"id": action.pk},
        target=action,
        url=reverse("action-item-list"),
    )
    return action


def _required(field: str, message: str) -> None:
    raise ValidationError({field: message})


def may_complete(user: User, action: ActionItem) -> bool:
    return action.owner_id == user.pk or may_manage(user, action.item.meeting)


@transaction.atomic
def complete_action_item(actor: User, action: ActionItem) -> ActionItem:
    if not may_complete(actor, action):
        raise PermissionDenied(
            _("このアクションアイテムを完了にできるのは担当者か会議の運営者です。")
        )
    if action.done_at is None:
        action.done_at = timezone.now()
        action.done_by = actor
        action.save()
    return action


# Minutes ------------------------------------------------------------------------------------------
EDITABLE_MINUTES = (MinutesState.DRAFT, MinutesState.RETURNED)


@transaction.atomic
def save_minutes(actor: User, meeting: Meeting, minutes: object) -> Meeting:
    check_manage(actor, meeting)
    if meeting.minutes_state not in EDITABLE_MINUTES:
        raise ValidationError(_("承認待ち・承認済みの議事録は編集できません。"))
    if meeting.window_state() == "before":
        raise ValidationError(_("会議の開始前には議事録を書けません。"))
    meeting.minutes = clean_model_text(Meeting, "minutes", minutes, required=True)
    meeting.save()
    return meeting


@transaction.atomic
def request_minutes_approval(actor: User, meeting: Meeting, note: str = "") -> ApprovalRequest:
    check_manage(actor, meeting)
    if meeting.minutes_state not in EDITABLE_MINUTES or not meeting.minutes:
        raise ValidationError(_("議事録を書いてから承認を依頼してください。"))
    request = request_approval(actor, meeting, kind="minutes", note=note)
    meeting.minutes_state = MinutesState.REQUESTED
    meeting.save()
    return request


def minutes_decided(request: ApprovalRequest) -> None:
    """approvals' on_decided for kind "minutes" (inside the decision's transaction)."""
    meeting = Meeting.objects.in_municipality(request.municipality_id).get(pk=request.target_id)
    approved = request.status == ApprovalRequest.Status.APPROVED
    meeting.minutes_state = MinutesState.APPROVED if approved else MinutesState.RETURNED
    meeting.save()


# Overdue action items -----------------------------------------------------------------------------
def open_action_items(user: User) -> QuerySet[ActionItem]:
    """My open action items, due first (for the dashboard and the list)."""
    return (
        ActionItem.objects.visible_to(user, Action.VIEW_CASE)
        .filter(owner=user, done_at__isnull=True)
        .select_related("item__meeting")
        .order_by("due_on", "pk")
    )


@transaction.atomic
def notify_overdue(today: datetime.date | None = None) -> int:
    """Notify each owner once of each open action item past its due date (local date); run
    daily by `tsunagu notify-overdue-actions` (cron / a systemd timer). The dashboard shows
    overdue items from the due date itself, without waiting for this."""
    today = today or timezone.localdate()
    overdue = (
        ActionItem.objects.unscoped("daily job: overdue action items of every municipality")
        .filter(done_at__isnull=True, due_on__lt=today, overdue_notified_on__isnull=True)
        .select_related("owner")
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    count = 0
    for action in overdue:
        notify(
            action.owner,
            municipality_id=action.municipality_id,
            kind="action_item_overdue",
            message=_("アクションアイテムの期限が過ぎています（#%(id)s）") % {"id": action.pk},
            target=action,
            url=reverse("action-item-list"),
        )
        action.overdue_notified_on = today
        action.save()
        count += 1
    return count
