"""/api/v1/ programmes: the request and response shapes (api.py holds the endpoints)."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from tsunagu.core.validation.schema import ChoiceIn, IdIn, IntIn, ModelTextIn, TextIn

from .models import Attendance, Participant, Relation, Session


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


class SessionEditIn(Schema):
    """The 開催回の変更 screen's fields; dates and times as the screen reads them (和暦 or 西暦,
    Japan time)."""

    starts_at: TextIn(40, required=True) = Field(..., examples=["2026-12-10T14:00"])
    ends_at: TextIn(40, required=True) = Field(..., examples=["2026-12-10T16:00"])
    title: ModelTextIn(Session, "title") = ""
    place: ModelTextIn(Session, "place") = Field("", description="空欄ならプログラムの場所")
    note: ModelTextIn(Session, "note") = ""
    capacity: IntIn(1, 10000) | None = None
    apply_until: TextIn(40) = Field("", description="申込の締切（なければ空欄）")
