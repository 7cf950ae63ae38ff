"""/api/v1/meetings, /api/v1/agenda-items, /api/v1/action-items: support meetings through the
same access helpers, services and validators as the pages (errors: 422 with the API's shape).

A 支援会議 member who has not acknowledged 守秘義務 gets the invitation only (no members, no
agenda); a member outside the access window gets no agenda item (404)."""

from __future__ import annotations

import datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, can, municipalities_where, require
from tsunagu.audit.log import record_list
from tsunagu.core.validation.schema import IdIn, IntIn, ModelTextIn, TextIn
from tsunagu.people.models import Case
from tsunagu.people.visibility import field_policy
from tsunagu.tenancy.models import Window

from . import agenda as agenda_services
from . import outcomes, services
from .access import (
    actions_of,
    agenda_of,
    get_action_item_for_user,
    get_item_for_user,
    get_meeting_for_user,
    meetings_for,
    members_of,
    roles_of,
)
from .models import MAX_ACCESS_HOURS, ActionItem, AgendaItem, Meeting, MeetingKind

router = Router(tags=["meetings"])


class MeetingIn(Schema):
    kind: TextIn(20, required=True) = Field(..., examples=[MeetingKind.SHIEN_KAIGI.value])
    title: ModelTextIn(Meeting, "title", required=True)
    starts_at: TextIn(40, required=True) = Field(..., examples=["2026-12-10T14:00"])
    ends_at: TextIn(40, required=True) = Field(..., examples=["2026-12-10T15:30"])
    place: ModelTextIn(Meeting, "place") = ""
    online_url: TextIn(500) = ""
    access_hours: IntIn(0, MAX_ACCESS_HOURS) = 24
    window_id: IdIn
    member_ids: Annotated[list[IdIn], Field(max_length=50)] = []


class MemberIn(Schema):
    user_id: IdIn


class AgendaIn(Schema):
    case_id: IdIn | None = None
    heading: ModelTextIn(AgendaItem, "heading", required=True)
    summary: ModelTextIn(AgendaItem, "summary") = ""
    sensitive_summary: ModelTextIn(AgendaItem, "sensitive_summary") = ""


class ActionItemIn(Schema):
    owner_id: IdIn
    title: ModelTextIn(ActionItem, "title", required=True)
    due_on: TextIn(40, required=True) = Field(..., examples=["2026-12-24"])


class MemberOut(Schema):
    user: str
    organization: str | None
    acknowledged_at: datetime.datetime | None


class MeetingOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    access_until: datetime.datetime
    place: str
    online_url: str
    minutes_state: str
    acknowledged: bool | None = None  # None: not a member, or no acknowledgement needed
    members: list[MemberOut] | None = None  # None until a 支援会議 member has acknowledged


class MeetingListOut(Schema):
    items: list[MeetingOut]


class RoleOut(Schema):
    organization: str | None
    user: str | None
    role: str


class ActionItemOut(Schema):
    id: int
    agenda_item_id: int
    meeting_id: int
    case_id: int | None
    owner: str
    title: str
    due_on: datetime.date
    done: bool
    overdue: bool


class AgendaItemOut(Schema):
    id: int
    case_id: int | None
    heading: str
    summary: str
    sensitive_summary: str | None = None  # only for roles that read 要配慮個人情報
    direction: str
    roles: list[RoleOut]
    action_items: list[ActionItemOut]


class AgendaOut(Schema):
    items: list[AgendaItemOut]


class ActionItemListOut(Schema):
    items: list[ActionItemOut]


class CreatedOut(Schema):
    id: int


def _meeting_out(user: User, meeting: Meeting, *, with_members: bool = False) -> dict:
    member = services.member_of(user, meeting) if with_members else None
    data = {
        "id": meeting.pk,
        "kind": meeting.kind,
        "kind_label": str(meeting.get_kind_display()),
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "access_until": meeting.access_until,
        "place": meeting.place,
        "online_url": meeting.online_url,
        "minutes_state": meeting.minutes_state,
    }
    if with_members:
        if member is not None and meeting.needs_acknowledgement:
            data["acknowledged"] = member.acknowledged_at is not None
        if services.may_see_contents(user, meeting, member):
            data["members"] = [
                {
                    "user": str(m.user),
                    "organization": m.organization.name if m.organization else None,
                    "acknowledged_at": m.acknowledged_at,
                }
                for m in members_of(user, meeting)
            ]
    return data


def _action_out(action: ActionItem) -> dict:
    return {
        "id": action.pk,
        "agenda_item_id": action.item_id,
        "meeting_id": action.item.meeting_id,
        "case_id": action.case_id,
        "owner": str(action.owner),
        "title": action.title,
        "due_on": action.due_on,
        "done": action.done_at is not None,
        "overdue": action.is_overdue(),
    }


def _item_out(user: User, item: AgendaItem, roles: list, actions: list) -> dict:
    data = {
        "id": item.pk,
        "case_id": item.case_id,
        "heading": item.heading,
        "summary": item.summary,
        "direction": item.direction,
        "roles": [
            {
                "organization": r.organization.name if r.organization else None,
                "user": str(r.user) if r.user else None,
                "role": r.role,
            }
            for r in roles
            if r.item_id == item.pk
        ],
        "action_items": [_action_out(a) for a in actions if a.item_id == item.pk],
    }
    if field_policy(user).readable(item, "sensitive_summary"):
        data["sensitive_summary"] = item.sensitive_summary
    return data


@router.get("/meetings", response=MeetingListOut, summary="会議の一覧（新しい順、最大100件）")
def list_meetings(request: HttpRequest) -> dict:
    user = request.auth
    require(user, Action.VIEW_CASE)
    meetings = list(meetings_for(user)[:100])
    record_list(Meeting, meetings, page="api_meetings")
    return {"items": [_meeting_out(user, m) for m in meetings]}


@router.post(
    "/meetings",
    response={201: CreatedOut},
    summary="会議を作成して構成員を招集",
    description="kind: shien_kaigi（支援会議）, jusoteki（重層的支援会議）, case_conference"
    "（ケース会議・庁内のみ）, network（ネットワーク会議・匿名の事例のみ）。",
)
def create_meeting(request: HttpRequest, payload: MeetingIn) -> Status:
    user = request.auth
    if not municipalities_where(user, Action.MANAGE_MEETINGS):
        raise PermissionDenied
    window = Window.objects.filter(
        pk=payload.window_id, municipality_id__in=municipalities_where(user, Action.MANAGE_MEETINGS)
    ).first()
    if window is None:
        raise ValidationError({"window_id": _("この自治体の窓口を選んでください。")})
    members = list(User.objects.filter(pk__in=payload.member_ids))
    if len(members) != len(set(payload.member_ids)):
        raise ValidationError({"member_ids": _("構成員に選べない職員が含まれています。")})
    fields = payload.dict(exclude={"window_id", "member_ids"})
    meeting = services.create_meeting(user, window=window, members=members, **fields)
    return Status(201, {"id": meeting.pk})


@router.get("/meetings/{id:meeting_id}", response=MeetingOut, summary="会議（構成員）")
def meeting_detail(request: HttpRequest, meeting_id: int) -> dict:
    user = request.auth
    meeting = get_meeting_for_user(user, meeting_id)
    return _meeting_out(user, meeting, with_members=True)


@router.post(
    "/meetings/{id:meeting_id}/acknowledge",
    response=MeetingOut,
    summary="守秘義務を確認（支援会議の構成員）",
)
def acknowledge(request: HttpRequest, meeting_id: int) -> dict:
    user = request.auth
    meeting = get_meeting_for_user(user, meeting_id)
    services.acknowledge(user, meeting)
    return _meeting_out(user, meeting, with_members=True)


@router.post(
    "/meetings/{id:meeting_id}/members", response={201: CreatedOut}, summary="構成員を追加"
)
def add_member(request: HttpRequest, meeting_id: int, payload: MemberIn) -> Status:
    user = request.auth
    meeting = get_meeting_for_user(user, meeting_id)
    services.check_manage(user, meeting)
    invitee = User.objects.filter(pk=payload.user_id).first()
    if invitee is None:
        raise ValidationError({"user_id": _("この自治体でケースを扱う職員を選んでください。")})
    member = agenda_services.add_member(user, meeting, invitee)
    return Status(201, {"id": member.pk})


@router.get(
    "/meetings/{id:meeting_id}/agenda",
    response=AgendaOut,
    summary="議題と準備された資料・結果（閲覧期限内の構成員）",
)
def agenda(request: HttpRequest, meeting_id: int) -> dict:
    user = request.auth
    meeting = get_meeting_for_user(user, meeting_id)
    if not services.may_see_contents(user, meeting, services.member_of(user, meeting)):
        raise PermissionDenied(_("守秘義務を確認してから閲覧できます。"))
    items = list(agenda_of(user, meeting))
    roles, actions = list(roles_of(user, items)), list(actions_of(user, items))
    record_list(AgendaItem, items, page="api_agenda")
    return {"items": [_item_out(user, i, roles, actions) for i in items]}


@router.post(
    "/meetings/{id:meeting_id}/agenda",
    response={201: CreatedOut},
    summary="議題を追加して構成員に共有（ケースの担当窓口の職員）",
    description="共有は提供の記録に残ります。支援会議は社会福祉法第106条の6、重層的支援会議は"
    "同意、ケース会議は庁内利用を根拠とし、根拠がなければ 422 です。",
)
def add_agenda_item(request: HttpRequest, meeting_id: int, payload: AgendaIn) -> Status:
    user = request.auth
    meeting = get_meeting_for_user(user, meeting_id)
    require(user, Action.MANAGE_MEETINGS, meeting.municipality_id)
    case = None
    if payload.case_id is not None:
        case = (
            Case.objects.visible_to(user, Action.MANAGE_MEETINGS).filter(pk=payload.case_id).first()
        )
        if case is None:
            raise ValidationError(
                {"case_id": _("このケース番号は議題にできません（担当窓口のケースだけ）。")}
            )
    item = agenda_services.add_agenda_item(
        user, meeting, case=case, **payload.dict(exclude={"case_id"})
    )
    return Status(201, {"id": item.pk})


@router.get(
    "/agenda-items/{id:item_id}", response=AgendaItemOut, summary="議題（準備された資料と結果）"
)
def agenda_item(request: HttpRequest, item_id: int) -> dict:
    user = request.auth
    item = get_item_for_user(user, item_id)
    return _item_out(user, item, list(roles_of(user, [item])), list(actions_of(user, [item])))


@router.post(
    "/agenda-items/{id:item_id}/action-items",
    response={201: CreatedOut},
    summary="アクションアイテムを追加（会議の運営者）",
)
def add_action_item(request: HttpRequest, item_id: int, payload: ActionItemIn) -> Status:
    user = request.auth
    item = get_item_for_user(user, item_id)
    services.check_manage(user, item.meeting)
    owner = User.objects.filter(pk=payload.owner_id).first()
    if owner is None:
        raise ValidationError({"owner_id": _("担当者は会議の構成員から選んでください。")})
    action = outcomes.add_action_item(
        user, item, owner=owner, title=payload.title, due_on=payload.due_on
    )
    return Status(201, {"id": action.pk})


@router.get("/action-items", response=ActionItemListOut, summary="自分の未完了のアクションアイテム")
def my_action_items(request: HttpRequest) -> dict:
    user = request.auth
    if not can(user, Action.VIEW_CASE):
        raise PermissionDenied
    actions = list(outcomes.open_action_items(user)[:100])
    record_list(ActionItem, actions, page="api_action_items")
    return {"items": [_action_out(a) for a in actions]}


@router.post(
    "/action-items/{id:action_item_id}/done",
    response=ActionItemOut,
    summary="アクションアイテムを完了にする（担当者・会議の運営者）",
)
def action_item_done(request: HttpRequest, action_item_id: int) -> dict:
    user = request.auth
    action = get_action_item_for_user(user, action_item_id)
    return _action_out(outcomes.complete_action_item(user, action))
