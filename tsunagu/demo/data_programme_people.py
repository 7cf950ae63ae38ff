"""Demo participants and attendance (issue 9), through the services as a worker's clicks would:

- 大島町「ロケット」(demo-oshima-counsellor): four young people (invented nicknames) enrolled,
  attendance on every session already held, with a 見学・体験 visitor on the most recent one;
- 日野市の居場所 (demo-counsellor, セーフティネットコールセンター): 見本 太郎 takes part (linked to
  his person record: the note of his last session shows on his case timeline), the group is
  full and two people wait on the FIFO waiting list;
- 日野市ひきこもり家族会 (demo-publicity): the association's own member list (never linked to a
  person record) and head counts.

Each part is created once (by name, and only for sessions without attendance yet).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.people.models import Person
from tsunagu.programmes import services
from tsunagu.programmes.attendance import Mark, NamedVisitor, record_attendance
from tsunagu.programmes.models import (
    Attendance,
    Participant,
    Programme,
    Relation,
    Session,
    SessionStatus,
)
from tsunagu.programmes.schedules import local_datetime

from .data import HINO, OSHIMA
from .programme_specs import PAST_DAYS

if TYPE_CHECKING:
    from .loader import LoadReport

ROCKET_MEMBERS = ("ソラさん", "カイさん", "ミナトさん", "ユイさん")
# (member index → absent on these held sessions, counted from the first)
ROCKET_ABSENT = {1: {0, 3}, 3: {1, 2, 4}}
ROCKET_NOTES = (
    "看板の下地塗りを仕上げた",
    "ミシンでコースターを2枚縫った",
    "畑で玉ねぎの苗を植えた",
)
HINO_IBASHO_MEMBERS = ("見本 太郎", "Aさん", "Bさん", "Cさん", "Dさん", "Eさん", "Fさん", "Gさん")
HINO_FAMILY_MEMBERS = ("会員 佐藤さん（母）", "会員 鈴木さん（父）", "会員 高田さん（母）")


def _enrol_once(
    report: LoadReport,
    user: User,
    programme: Programme,
    name: str,
    since: datetime.datetime,
    **extra,
) -> Participant:
    from .loader import CREATED, UNCHANGED

    existing = (
        Participant.objects.in_municipality(programme.municipality_id)
        .filter(programme=programme, name=name)
        .first()
    )
    if existing is not None:
        report.add(Participant, UNCHANGED)
        return existing
    participant = services.enrol(user, programme, name=name, now=since, **extra)
    report.add(Participant, CREATED)
    return participant


def _record(report: LoadReport, user: User, session: Session, **kw) -> None:
    from .loader import CREATED

    record_attendance(user, session, now=session.ends_at, **kw)
    rows = Attendance.objects.in_municipality(session.municipality_id).filter(session=session)
    for _row in rows:
        report.add(Attendance, CREATED)


def _held(programme: Programme, today: datetime.date) -> list[Session]:
    return list(
        programme.sessions.filter(
            occurrence_date__lt=today, status=SessionStatus.SCHEDULED
        ).order_by("starts_at")
    )


def _rocket(report: LoadReport, programme: Programme, user: User, today, since) -> None:
    members = [
        _enrol_once(report, user, programme, name, since, age=22 + 7 * i)
        for i, name in enumerate(ROCKET_MEMBERS)
    ]
    held = _held(programme, today)
    for n, session in enumerate(held):
        if session.attendance_taken_at:
            continue
        marks = [
            Mark(
                m.pk,
                n not in ROCKET_ABSENT.get(i, set()),
                ROCKET_NOTES[(n + i) % len(ROCKET_NOTES)] if i == 0 else "",
            )
            for i, m in enumerate(members)
        ]
        last = n == len(held) - 1
        _record(
            report,
            user,
            session,
            marks=marks,
            visitors=[NamedVisitor("見学・体験のハルさん")] if last else [],
            visitor_count=1 if n % 3 == 1 else 0,
        )


def _hino_ibasho(report: LoadReport, programme: Programme, user: User, today, since) -> None:
    person = (
        Person.objects.in_municipality(programme.municipality_id)
        .filter(family_name="見本", given_name="太郎")
        .first()
    )
    members = []
    for i, name in enumerate(HINO_IBASHO_MEMBERS):
        link = {"person": person} if i == 0 and person else {"age": 25 + 3 * i}
        at = since + datetime.timedelta(minutes=i)
        members.append(_enrol_once(report, user, programme, name, at, **link))
    enrolled = [m for m in members if m.status == "enrolled"]
    for n, session in enumerate(_held(programme, today)):
        if session.attendance_taken_at:
            continue
        marks = [
            Mark(m.pk, (n + i) % 4 != 3, "" if i else "自分から他の参加者に話しかけていた")
            for i, m in enumerate(enrolled)
        ]
        _record(report, user, session, marks=marks)


def _hino_family(report: LoadReport, programme: Programme, user: User, today, since) -> None:
    members = [
        _enrol_once(report, user, programme, name, since, relation=Relation.FAMILY)
        for name in HINO_FAMILY_MEMBERS
    ]
    for n, session in enumerate(_held(programme, today)):
        if session.attendance_taken_at:
            continue
        _record(
            report,
            user,
            session,
            marks=[Mark(m.pk, (n + i) % 3 != 2) for i, m in enumerate(members)],
            visitor_count=1 + n % 2,
            anonymous_count=6 + n,
        )


def load_programme_people(
    report: LoadReport,
    programmes: dict[tuple[str, str], Programme],
    users: dict[str, User],
    today: datetime.date,
) -> None:
    since = local_datetime(today - datetime.timedelta(days=PAST_DAYS + 7), datetime.time(10))
    if since > timezone.now():  # a demo loaded for a future day: nothing is held yet
        return
    _rocket(report, programmes[(OSHIMA, "rocket")], users["demo-oshima-counsellor"], today, since)
    _hino_ibasho(report, programmes[(HINO, "ibasho")], users["demo-counsellor"], today, since)
    _hino_family(report, programmes[(HINO, "kazokukai")], users["demo-publicity"], today, since)
