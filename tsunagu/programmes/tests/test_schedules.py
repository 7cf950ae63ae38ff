"""Recurrence rules → materialised sessions: weekly, 2nd and 4th Saturday, monthly; exceptions,
holidays where the programme says so, 年末年始, cancellations that keep the UID, idempotence."""

from __future__ import annotations

import datetime

import icalendar  # noqa: F401  (the calendar engineer's library; the RRULE text parses with it)
import pytest
from dateutil import rrule as du

from tsunagu.programmes.models import (
    Audience,
    Frequency,
    Kind,
    Programme,
    Schedule,
    ScheduleException,
    Session,
    SessionStatus,
)
from tsunagu.programmes.schedules import TOKYO, materialise

D = datetime.date
T = datetime.time
NOW = datetime.datetime(2026, 4, 1, 0, 0, tzinfo=TOKYO)


@pytest.fixture
def programme(world) -> Programme:
    return Programme.objects.create(
        municipality=world.home.municipality,
        slug="group",
        name="当事者グループ",
        kind=Kind.PERSONS_GROUP,
        audience=Audience.PERSON,
        window=world.home.window,
        place="会議室",
    )


def _schedule(programme, **kw) -> Schedule:
    values = {
        "frequency": Frequency.WEEKLY,
        "weekdays": [2],
        "starts_on": D(2026, 4, 1),
        "start_time": T(13, 30),
        "end_time": T(15, 30),
    }
    values.update(kw)
    return Schedule.objects.create(programme=programme, **values)


def _dates(schedule, start, end, now=NOW):
    materialise(schedule, start, end, now=now)
    return [
        s.occurrence_date
        for s in Session.objects.filter(schedule=schedule, status=SessionStatus.SCHEDULED)
    ]


def test_weekly_wednesdays_skip_a_holiday(programme):
    schedule = _schedule(programme)
    dates = _dates(schedule, D(2026, 4, 1), D(2026, 5, 10))
    # 4/29 (昭和の日) and 5/6 (振替休日) are holidays: no session
    assert dates == [D(2026, 4, 1), D(2026, 4, 8), D(2026, 4, 15), D(2026, 4, 22)]


def test_holidays_kept_when_the_programme_says_so(programme):
    programme.skip_holidays = False
    programme.save()
    dates = _dates(_schedule(programme), D(2026, 4, 27), D(2026, 5, 7))
    assert dates == [D(2026, 4, 29), D(2026, 5, 6)]


def test_second_and_fourth_saturday(programme):
    schedule = _schedule(
        programme, frequency=Frequency.MONTHLY_NTH, weekdays=[5], week_numbers=[2, 4]
    )
    dates = _dates(schedule, D(2026, 4, 1), D(2026, 6, 30))
    assert dates == [
        D(2026, 4, 11),
        D(2026, 4, 25),
        D(2026, 5, 9),
        D(2026, 5, 23),
        D(2026, 6, 13),
        D(2026, 6, 27),
    ]
    assert schedule.rrule_text() == "FREQ=MONTHLY;BYDAY=2SA,4SA"
    assert "第2・第4 土曜" in schedule.describe()


def test_monthly_on_a_day_and_year_end(programme):
    schedule = _schedule(programme, frequency=Frequency.MONTHLY_DAY, weekdays=[], month_day=30)
    dates = _dates(schedule, D(2026, 10, 1), D(2027, 2, 1), now=NOW)
    assert D(2026, 12, 30) not in dates  # 年末年始
    assert D(2026, 10, 30) in dates and D(2026, 11, 30) in dates and D(2027, 1, 30) in dates
    assert schedule.rrule_text() == "FREQ=MONTHLY;BYMONTHDAY=30"


def test_sessions_are_aware_tokyo_times(programme):
    schedule = _schedule(programme)
    materialise(schedule, D(2026, 4, 1), D(2026, 4, 1), now=NOW)
    session = Session.objects.get(schedule=schedule)
    assert session.starts_at == datetime.datetime(2026, 4, 1, 4, 30, tzinfo=datetime.UTC)
    assert session.municipality_id == programme.municipality_id
    assert session.place == "会議室"


def test_expanding_twice_creates_nothing_and_keeps_uids(programme):
    schedule = _schedule(programme)
    first = materialise(schedule, D(2026, 4, 1), D(2026, 4, 30), now=NOW)
    uids = dict(Session.objects.values_list("occurrence_date", "uid"))
    again = materialise(schedule, D(2026, 4, 1), D(2026, 4, 30), now=NOW)
    assert len(first.created) == 4 and again.created == [] and again.kept == 4  # 4/29 祝日
    assert dict(Session.objects.values_list("occurrence_date", "uid")) == uids


def test_an_exception_cancels_the_materialised_session_and_keeps_it(programme):
    schedule = _schedule(programme)
    materialise(schedule, D(2026, 4, 1), D(2026, 4, 30), now=NOW)
    session = Session.objects.get(schedule=schedule, occurrence_date=D(2026, 4, 15))
    ScheduleException.objects.create(schedule=schedule, date=D(2026, 4, 15), reason="会場点検")
    result = materialise(schedule, D(2026, 4, 1), D(2026, 4, 30), now=NOW)
    session.refresh_from_db()
    assert result.cancelled == [session]
    assert session.status == SessionStatus.CANCELLED
    assert session.cancel_reason == "会場点検"
    assert session.sequence == 1


def test_held_sessions_are_never_cancelled(programme):
    schedule = _schedule(programme)
    materialise(schedule, D(2026, 4, 1), D(2026, 4, 30), now=NOW)
    schedule.is_active = False
    schedule.save()
    later = datetime.datetime(2026, 4, 20, tzinfo=TOKYO)
    materialise(schedule, D(2026, 4, 1), D(2026, 4, 30), now=later)
    statuses = dict(Session.objects.values_list("occurrence_date", "status"))
    assert statuses[D(2026, 4, 15)] == SessionStatus.SCHEDULED  # held before "later"
    assert statuses[D(2026, 4, 22)] == SessionStatus.CANCELLED


def test_rrule_text_matches_dateutil(programme):
    schedule = _schedule(programme, weekdays=[1, 3], interval=2)
    text = schedule.rrule_text()
    assert text == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH"
    start = datetime.datetime(2026, 4, 1, 13, 30)
    parsed = du.rrulestr(text, dtstart=start)
    assert list(parsed[:6]) == list(schedule.rrule(start)[:6])


def test_daily_command(programme, capsys):
    from django.core.management import call_command

    _schedule(programme, starts_on=D(2026, 1, 1))
    call_command("programmes-daily")
    assert "開催回: 作成" in capsys.readouterr().out
    assert Session.objects.filter(programme=programme).count() > 10
