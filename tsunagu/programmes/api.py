"""/api/v1/: programmes, their sessions, participants and attendance — the same access helpers,
permissions and services as the pages. Errors: 403 / 404 / 422 in the API's one shape."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
from ninja import Status as Answer

from tsunagu.accounts.permissions import Action, can, readable_classes
from tsunagu.audit.log import record_list
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
from .api_schemas import (
    AttendanceIn,
    AttendanceOut,
    CancelIn,
    EnrolIn,
    EnrolledOut,
    ParticipantListOut,
    ProgrammeListOut,
    ProgrammeOut,
    SessionEditIn,
    SessionListOut,
    SessionOut,
)
from .attendance import Mark, NamedVisitor, attendance_rates, record_attendance
from .forms import EditSessionForm
from .linking import household_of, person_for, pick_member
from .models import Attendance, Participant, Programme, Session

router = Router(tags=["programmes"])


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


@router.put(
    "/sessions/{id:session_id}",
    response=SessionOut,
    summary="開催回を変更する（日時・場所・テーマ・お知らせ・定員・申込の締切）",
    description="UID は変わりません。日時か場所が変わると SEQUENCE が上がり、公開カレンダーと"
    " iCalendar に反映されます。中止の回と、出欠を記録した回の日時は変えられません（422）。",
)
def edit_session(request: HttpRequest, session_id: int, payload: SessionEditIn) -> dict:
    user = request.auth
    session = get_session_for_user(user, session_id)
    sessions.check_manage(user, session.programme)
    form = EditSessionForm(payload.dict())  # the screen's reading of dates and times
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    session = sessions.edit_session(user, session, **form.cleaned_data)
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
