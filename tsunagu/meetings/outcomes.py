"""What a meeting decides, per agenda case, and its minutes (actor first, one transaction each).

- outcomes: `set_direction` (支援の方向性), `assign_role` (which organisation or member does
  what), `add_action_item` (an owner among the members and a due date; notification
  "action_item_assigned"), `complete_action_item`; `open_action_items` for dashboards;
- minutes: `save_minutes`, `request_minutes_approval` (tsunagu.approvals kind "minutes"),
  `minutes_decided` (its on_decided);
- `notify_overdue`: the overdue notifications (command `tsunagu notify-overdue-actions`).

The meeting, its members and its agenda are services.py.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import (
    Action,
)
from tsunagu.approvals.models import ApprovalRequest
from tsunagu.approvals.services import request_approval
from tsunagu.core.validation import clean_model_text, gather
from tsunagu.core.validation.dates import clean_planned_date
from tsunagu.notifications.services import notify
from tsunagu.tenancy.models import Organization

from .models import (
    ActionItem,
    AgendaItem,
    Meeting,
    MeetingMember,
    MinutesState,
    RoleAssignment,
)
from .services import check_manage, may_manage


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
