"""Test builders for programmes.

`add_programmes(world)` gives every Side `programme` (a persons' group run by its first window,
with a weekly schedule `schedule`), `session` (a session already held), a participant linked to
the side's person with a note on that session (S-class, planted by the walker), and on home
`other_programme` (the agency organisation's own programme, whose member list only the
organisation's 団体・広報担当 reaches) with `other_session`. The URL walker fills
`programme_id`, `schedule_id` and `session_id` from them.
"""

from __future__ import annotations

import datetime

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
)
from tsunagu.programmes.schedules import TOKYO

from .world import Side, World

HELD = datetime.datetime(2026, 4, 1, 13, 30, tzinfo=TOKYO)


def _session(programme: Programme, schedule: Schedule | None) -> Session:
    return Session.objects.create(
        programme=programme,
        municipality=programme.municipality,
        schedule=schedule,
        occurrence_date=HELD.date(),
        starts_at=HELD,
        ends_at=HELD + datetime.timedelta(hours=2),
        place="会議室",
    )


def _programme(side: Side, slug: str, **runner) -> Programme:
    return Programme.objects.create(
        municipality=side.municipality,
        slug=slug,
        name=f"{side.municipality.name} {slug}",
        kind=Kind.PERSONS_GROUP if "window" in runner else Kind.FAMILY_ASSOCIATION,
        audience=Audience.PERSON if "window" in runner else Audience.ANYONE,
        capacity=10,
        is_published=True,
        **runner,
    )


def _participant(side: Side, programme: Programme, session: Session, *, person=None) -> None:
    participant = Participant.objects.create(
        municipality=side.municipality,
        programme=programme,
        name="参加者 A",
        person=person,
        status=ParticipantStatus.ENROLLED,
        requested_at=HELD - datetime.timedelta(days=30),
        enrolled_at=HELD - datetime.timedelta(days=30),
        note="参加の経緯",
    )
    Attendance.objects.create(
        municipality=side.municipality,
        session=session,
        programme=programme,
        participant=participant,
        person=person,
        present=True,
        note="様子",
        at=session.starts_at,
    )


def add_programmes(world: World) -> None:
    for side in (world.home, world.away):
        side.programme = _programme(side, "group", window=side.window)
        side.schedule = Schedule.objects.create(
            programme=side.programme,
            frequency=Frequency.WEEKLY,
            weekdays=[2],
            starts_on=datetime.date(2026, 3, 1),
            start_time=datetime.time(13, 30),
            end_time=datetime.time(15, 30),
        )
        side.session = _session(side.programme, side.schedule)
        _participant(side, side.programme, side.session, person=side.person)
    home = world.home
    home.other_programme = _programme(home, "assoc", organization=home.agency)
    home.other_session = _session(home.other_programme, None)
    _participant(home, home.other_programme, home.other_session)
