"""Public calendar test data: 国立市 with its family association ここから (家族向け) and the
persons' 居場所 からふらっと (本人向け), a programme not yet published, sessions next month (one
cancelled) and last month (held, with attendance), built directly on the programmes' models."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from tsunagu.programmes.models import (
    Attendance,
    Audience,
    Frequency,
    Kind,
    Participant,
    ParticipantStatus,
    Programme,
    Schedule,
    Session,
    SessionStatus,
)
from tsunagu.tenancy.models import Municipality, Organization, Prefecture

KUNITACHI = "132152"


@dataclass
class Kunitachi:
    municipality: Municipality
    kokokara: Programme
    karafurat: Programme
    hidden: Programme
    next_month: datetime.date
    last_month: datetime.date
    upcoming: list[Session] = field(default_factory=list)
    cancelled: Session | None = None
    held: list[Session] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def session(programme: Programme, day: datetime.date, start: int, end: int, **kw) -> Session:
    return Session.objects.create(
        programme=programme,
        municipality=programme.municipality,
        occurrence_date=day,
        starts_at=at(day, start),
        ends_at=at(day, end),
        **kw,
    )


def build_kunitachi(today: datetime.date | None = None) -> Kunitachi:
    today = today or timezone.localdate()
    prefecture, _ = Prefecture.objects.get_or_create(code="13", defaults={"name": "東京都"})
    municipality, _ = Municipality.objects.get_or_create(
        code=KUNITACHI, defaults={"prefecture": prefecture, "name": "国立市"}
    )
    family = Organization.objects.create(
        municipality=municipality,
        slug="kokokara",
        name="くにたちひきこもり家族会〜ここから〜",
        org_type=Organization.Type.FAMILY_ASSOCIATION,
    )
    peers = Organization.objects.create(
        municipality=municipality,
        slug="karafurat",
        name="からふらっと",
        org_type=Organization.Type.PEER_ASSOCIATION,
    )
    kokokara = Programme.objects.create(
        municipality=municipality,
        slug="kokokara-teireikai",
        name="ここから 定例会",
        kind=Kind.FAMILY_ASSOCIATION,
        audience=Audience.FAMILY,
        organization=family,
        description="ひきこもりの状態にある方のご家族が集まり、近況を話し合います。",
        easy_summary="かぞくの ひとが あつまって はなしを します。",
        how_to_join="はじめての方は、電話でお知らせください。",
        visit_info="見学だけでもかまいません。",
        accessibility="会場は1階です。車いすで入れます。",
        contact="ここから事務局 042-000-0000",
        place="国立市福祉会館 第1会議室",
        requires_enrolment=False,
        is_published=True,
    )
    karafurat = Programme.objects.create(
        municipality=municipality,
        slug="karafurat",
        name="からふらっと",
        kind=Kind.IBASHO,
        audience=Audience.PERSON,
        organization=peers,
        description="ご本人の居場所です。",
        activities=["陶芸", "ゲーム", "ごみ拾い", "畑づくり"],
        age_min=18,
        capacity=12,
        place="国立市内の会場",
        is_published=True,
    )
    hidden = Programme.objects.create(
        municipality=municipality,
        slug="junbichu",
        name="準備中のグループ",
        kind=Kind.PERSONS_GROUP,
        audience=Audience.PERSON,
        organization=peers,
        is_published=False,
    )
    Schedule.objects.create(
        programme=kokokara,
        frequency=Frequency.MONTHLY_NTH,
        weekdays=[5],
        week_numbers=[2, 4],
        starts_on=today.replace(day=1),
        start_time=datetime.time(13, 30),
        end_time=datetime.time(15, 30),
    )
    next_month = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    data = Kunitachi(municipality, kokokara, karafurat, hidden, next_month, last_month)
    data.upcoming = [
        session(kokokara, next_month.replace(day=10), 13, 15),
        session(karafurat, next_month.replace(day=11), 10, 12, title="陶芸"),
        session(hidden, next_month.replace(day=12), 10, 12),
    ]
    data.cancelled = session(
        karafurat,
        next_month.replace(day=18),
        10,
        12,
        status=SessionStatus.CANCELLED,
        cancel_reason="会場の都合",
        sequence=1,
    )
    data.upcoming.append(data.cancelled)
    # Last month: three held sessions of からふらっと (one with unnamed visitors), one cancelled
    # ここから session, and an open ここから session counted by head count.
    held = [
        session(karafurat, last_month.replace(day=d), 10, 12, attendance_taken_at=at(last_month, 9))
        for d in (3, 10, 17)
    ]
    held[2].visitor_count = 2
    held[2].save(update_fields=["visitor_count"])
    session(kokokara, last_month.replace(day=13), 13, 15, status=SessionStatus.CANCELLED)
    session(
        kokokara,
        last_month.replace(day=27),
        13,
        15,
        anonymous_count=9,
        attendance_taken_at=at(last_month.replace(day=27), 16),
    )
    # a past session whose attendance nobody recorded: not counted as held
    session(karafurat, last_month.replace(day=24), 10, 12)
    data.held = held
    a, b = (
        Participant.objects.create(
            municipality=municipality,
            programme=karafurat,
            name=name,
            status=ParticipantStatus.ENROLLED,
            requested_at=at(last_month, 9),
        )
        for name in ("Aさん", "Bさん")
    )
    data.participants = [a, b]
    rows = [(held[0], a, True), (held[0], b, True), (held[1], a, True), (held[1], b, False)]
    rows += [(held[2], a, True)]
    for s, participant, present in rows:
        Attendance.objects.create(
            municipality=municipality,
            session=s,
            programme=karafurat,
            participant=participant,
            present=present,
            at=s.starts_at,
        )
    Attendance.objects.create(
        municipality=municipality,
        session=held[1],
        programme=karafurat,
        kind=Attendance.Kind.VISITOR,
        visitor_name="見学の方",
        at=held[1].starts_at,
    )
    return data


def add_programmes(world) -> None:
    """A published programme with a session on each side of the test world (the URL walker's
    `programme_id` and `session_id`)."""
    for side in (world.home, world.away):
        programme = Programme.objects.create(
            municipality=side.municipality,
            slug=f"walker-{side.municipality.code}",
            name=f"{side.municipality.name}の家族教室",
            kind=Kind.FAMILY_GROUP,
            audience=Audience.FAMILY,
            window=side.window,
            is_published=True,
        )
        side.programme = programme
        side.session = session(programme, timezone.localdate() + datetime.timedelta(days=7), 14, 16)
