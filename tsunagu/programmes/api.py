"""/api/v1/: programmes, their sessions, participants and attendance — the same access helpers,
permissions and services as the pages. Errors: 403 / 404 / 422 in the API's one shape."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja import Status as Answer

from tsunagu.accounts.permissions import Action, can, readable_classes
from tsunagu.audit.log import record_list
from tsunagu.core.validation.schema import ChoiceIn, IdIn, IntIn, ModelTextIn
from tsunagu.tenancy.scoping import Sensitivity

from . import services, sessions
from .access import (
    attendance_of,
    get_programme_for_user,
    get_session_for_user,
    may_run_roster,
    programmes_for,
    roster_of,
)
from .attendance import Mark, NamedVisitor, attendance_rates, record_attendance
from .linking import household_of, person_for, pick_member
from .models import Attendance, Participant, Programme, Relation, Session

router = Router(tags=["programmes"])


class ScheduleOut(Schema):
    id: int
    label: str
    description: str
    rrule: str
    starts_on: datetime.date
    until: datetime.date | None


class ProgrammeOut(Schema):
    id: int
    municipality_code: str
    slug: str
    name: str
    kind: str
    kind_label: str
    audience: str
    window_id: int | None
    organization_id: int | None
    runner_name: str
    age_min: int | None
    age_max: int | None
    residents_only: bool
    requires_enrolment: bool
    capacity: int | None
    activities: list[str]
    place: str
    is_published: bool
    schedules: list[ScheduleOut] | None = None


class ProgrammeListOut(Schema):
    items: list[ProgrammeOut]


class SessionOut(Schema):
    id: int
    programme_id: int
    uid: str
    sequence: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    status: str
    cancel_reason: str
    is_extra: bool
    title: str
    place: str
    attendance_taken: bool
    visitor_count: int | None = Field(None, description="出欠を記録できる職員にだけ")
    anonymous_count: int | None = Field(None, description="出欠を記録できる職員にだけ")


class SessionListOut(Schema):
    items: list[SessionOut]


class ParticipantOut(Schema):
    id: int
    name: str
    relation: str
    status: str
    status_label: str
    person_id: int | None
    requested_at: datetime.datetime
    offer_expires_at: datetime.datetime | None
    attendance_rate: int | None = Field(None, description="出席率（%）。記録がなければ null")


class ParticipantListOut(Schema):
    items: list[ParticipantOut]


class EnrolIn(Schema):
    name: ModelTextIn(Participant, "name", required=True)
    relation: ChoiceIn(Relation) = Relation.PERSON
    age: IntIn(0, 120) | None = None
    is_resident: bool = True
    person_id: IdIn | None = Field(None, description="本人記録と結びつけるとき（団体の名簿は不可）")
    household_member_id: IdIn | None = Field(
        None,
        description="本人記録の世帯員が参加するとき（person_id も必要。ケースを見られる職員のみ）",
    )
    note: ModelTextIn(Participant, "note") = ""


class EnrolledOut(Schema):
    id: int
    status: str


class AttendanceRowOut(Schema):
    id: int
    kind: str
    participant_id: int | None
    name: str
    present: bool
    note: str | None = Field(None, description="要配慮個人情報: 読める役割にだけ")


class AttendanceOut(Schema):
    session: SessionOut
    rows: list[AttendanceRowOut]


class MarkIn(Schema):
    participant_id: IdIn
    present: bool
    note: ModelTextIn(Attendance, "note") = ""


class VisitorIn(Schema):
    name: ModelTextIn(Attendance, "visitor_name", required=True)
    person_id: IdIn | None = None


class AttendanceIn(Schema):
    marks: list[MarkIn] = Field(default_factory=list, max_length=500)
    visitors: list[VisitorIn] = Field(default_factory=list, max_length=100)
    visitor_count: IntIn(0, 10000) = 0
    anonymous_count: IntIn(0, 10000) = 0


class CancelIn(Schema):
    reason: ModelTextIn(Session, "cancel_reason", required=True)


def _programme_out(p: Programme, *, schedules: bool = False) -> dict[str, Any]:
    data = {
        "id": p.pk,
        "municipality_code": p.municipality.code,
        "slug": p.slug,
        "name": p.name,
        "kind": p.kind,
        "kind_label": str(p.get_kind_display()),
        "audience": p.audience,
        "window_id": p.window_id,
        "organization_id": p.organization_id,
        "runner_name": p.runner.name,
        "age_min": p.age_min,
        "age_max": p.age_max,
        "residents_only": p.residents_only,
        "requires_enrolment": p.requires_enrolment,
        "capacity": p.capacity,
        "activities": list(p.activities),
        "place": p.place,
        "is_published": p.is_published,
    }
    if schedules:
        data["schedules"] = [
            {
                "id": s.pk,
                "label": s.label,
                "description": s.describe(),
                "rrule": s.rrule_text(),
                "starts_on": s.starts_on,
                "until": s.until,
            }
            for s in p.schedules.all()
        ]
    return data


def _session_out(s: Session, counts: bool) -> dict[str, Any]:
    return {
        "id": s.pk,
        "programme_id": s.programme_id,
        "uid": str(s.uid),
        "sequence": s.sequence,
        "starts_at": s.starts_at,
        "ends_at": s.ends_at,
        "status": s.status,
        "cancel_reason": s.cancel_reason,
        "is_extra": s.is_extra,
        "title": s.title,
        "place": s.place,
        "attendance_taken": s.attendance_taken_at is not None,
        "visitor_count": s.visitor_count if counts else None,
        "anonymous_count": s.anonymous_count if counts else None,
    }


def _require_view(user: Any) -> None:
    if not can(user, Action.VIEW_PROGRAMMES):
        raise PermissionDenied(_("この操作を行う権限がありません。"))


def _roster(user: Any, programme: Programme, action: str) -> None:
    if not may_run_roster(user, programme, action):
        raise PermissionDenied(_("このプログラムの参加者を扱う権限がありません。"))


@router.get("/programmes", response=ProgrammeListOut, summary="プログラムの一覧")
def list_programmes(request: HttpRequest) -> dict:
    _require_view(request.auth)
    items = programmes_for(request.auth).order_by("municipality__code", "name")[:500]
    return {"items": [_programme_out(p) for p in items]}


@router.get(
    "/programmes/{id:programme_id}",
    response=ProgrammeOut,
    summary="プログラム（繰り返しの予定つき）",
)
def get_programme(request: HttpRequest, programme_id: int) -> dict:
    programme = get_programme_for_user(request.auth, programme_id)
    return _programme_out(programme, schedules=True)


@router.get(
    "/programmes/{id:programme_id}/sessions",
    response=SessionListOut,
    summary="プログラムの開催回（開始の早い順、最大500件）",
)
def list_sessions(request: HttpRequest, programme_id: int, upcoming: bool = False) -> dict:
    user = request.auth
    programme = get_programme_for_user(user, programme_id)
    sessions = programme.sessions.order_by("starts_at", "pk")
    if upcoming:
        sessions = sessions.filter(ends_at__gte=timezone.now())
    counts = may_run_roster(user, programme, Action.MANAGE_PARTICIPANTS)
    return {"items": [_session_out(s, counts) for s in sessions[:500]]}


@router.post("/sessions/{id:session_id}/cancel", response=SessionOut, summary="開催回を中止にする")
def cancel_session(request: HttpRequest, session_id: int, payload: CancelIn) -> dict:
    user = request.auth
    session = get_session_for_user(user, session_id)
    sessions.cancel_session(user, session, payload.reason)
    return _session_out(
        session, may_run_roster(user, session.programme, Action.MANAGE_PARTICIPANTS)
    )


@router.get(
    "/programmes/{id:programme_id}/participants",
    response=ParticipantListOut,
    summary="参加者とキャンセル待ち（出席率つき）",
)
def list_participants(request: HttpRequest, programme_id: int) -> dict:
    user = request.auth
    programme = get_programme_for_user(user, programme_id)
    _roster(user, programme, Action.VIEW_PARTICIPANTS)
    rows = list(roster_of(user, programme).order_by("requested_at", "pk")[:1000])
    record_list(Participant, rows, page="api_programme_participants")
    rates = {r.participant.pk: r.percent for r in attendance_rates(rows)}
    return {
        "items": [
            {
                "id": p.pk,
                "name": p.name,
                "relation": p.relation,
                "status": p.status,
                "status_label": str(p.get_status_display()),
                "person_id": p.person_id,
                "requested_at": p.requested_at,
                "offer_expires_at": p.offer_expires_at,
                "attendance_rate": rates.get(p.pk),
            }
            for p in rows
        ]
    }


@router.post(
    "/programmes/{id:programme_id}/participants",
    response={201: EnrolledOut},
    summary="参加を申し込む（定員を超えるとキャンセル待ち）",
    description="対象年齢・居住地・対象（本人・家族）に合わないときは 422 で理由を返します。",
)
def enrol(request: HttpRequest, programme_id: int, payload: EnrolIn) -> Answer:
    user = request.auth
    programme = get_programme_for_user(user, programme_id)
    _roster(user, programme, Action.MANAGE_PARTICIPANTS)
    person = person_for(user, programme, payload.person_id)
    member = None
    if payload.household_member_id:
        members = household_of(user, programme, person)
        member = pick_member(members, person, payload.household_member_id)
    participant = services.enrol(
        user,
        programme,
        name=payload.name,
        relation=payload.relation,
        person=person,
        household_member=member,
        age=payload.age,
        is_resident=payload.is_resident,
        note=payload.note,
    )
    return Answer(201, {"id": participant.pk, "status": participant.status})


@router.get("/sessions/{id:session_id}/attendance", response=AttendanceOut, summary="開催回の出欠")
def get_attendance(request: HttpRequest, session_id: int) -> dict:
    user = request.auth
    session = get_session_for_user(user, session_id)
    _roster(user, session.programme, Action.VIEW_PARTICIPANTS)
    rows = list(attendance_of(user, session).select_related("participant").order_by("pk"))
    record_list(Attendance, rows, page="api_session_attendance")
    notes = Sensitivity.S in readable_classes(user, session.municipality_id)
    return {
        "session": _session_out(session, True),
        "rows": [
            {
                "id": a.pk,
                "kind": a.kind,
                "participant_id": a.participant_id,
                "name": a.participant.name if a.participant else a.visitor_name,
                "present": a.present,
                "note": a.note if notes else None,
            }
            for a in rows
        ],
    }


@router.post(
    "/sessions/{id:session_id}/attendance",
    response=AttendanceOut,
    summary="出欠を記録する（参加者ごとの出席・欠席とメモ、見学・体験、名前なしの人数）",
)
def post_attendance(request: HttpRequest, session_id: int, payload: AttendanceIn) -> dict:
    user = request.auth
    session = get_session_for_user(user, session_id)
    programme = session.programme
    _roster(user, programme, Action.MANAGE_PARTICIPANTS)
    if (
        payload.marks
        and any(m.note for m in payload.marks)
        and Sensitivity.S not in (readable_classes(user, session.municipality_id))
    ):
        raise ValidationError({"marks": _("この役割では様子のメモを記録できません。")})
    visitors = []
    for v in payload.visitors:
        if v.person_id and programme.organization_id:
            raise ValidationError(
                {"visitors": _("団体のプログラムの見学者は、相談記録の本人に結びつけられません。")}
            )
        visitors.append(NamedVisitor(v.name, person_for(user, programme, v.person_id)))
    record_attendance(
        user,
        session,
        marks=[Mark(m.participant_id, m.present, m.note) for m in payload.marks],
        visitors=visitors,
        visitor_count=payload.visitor_count,
        anonymous_count=payload.anonymous_count,
    )
    return get_attendance(request, session_id)
