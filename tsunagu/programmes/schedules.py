"""Expanding recurrence rules into sessions (materialised rows with stable ids).

A ``Schedule`` is a dateutil rule (``Schedule.rrule()``); ``materialise`` turns its dates in a
period into ``Session`` rows, one per (schedule, occurrence_date), skipping the schedule's
exceptions and — where the programme says so — national holidays and 年末年始
(``tsunagu.jp.calendar``, the ``holidays`` package, as the windows do). It is idempotent: a
second run creates nothing. A future session whose date is no longer wanted (an exception
added, a holiday, the rule changed) is *cancelled*, never deleted, so its iCalendar UID stays
and calendar apps show it as cancelled. Sessions already held are never touched.

Times are Asia/Tokyo wall times made aware (``local_datetime``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from tsunagu.jp.calendar import holiday_name, is_year_end_closure

from .models import Programme, Schedule, Session, SessionStatus

TOKYO = ZoneInfo("Asia/Tokyo")
HORIZON_DAYS = 120  # how far ahead sessions are materialised (the daily command keeps it)


def local_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """An aware datetime for a Tokyo wall-clock date and time."""
    return datetime.datetime.combine(day, time, tzinfo=TOKYO)


@dataclass
class Expansion:
    created: list[Session] = field(default_factory=list)
    cancelled: list[Session] = field(default_factory=list)
    kept: int = 0

    def merge(self, other: Expansion) -> None:
        self.created += other.created
        self.cancelled += other.cancelled
        self.kept += other.kept


def skip_reason(schedule: Schedule, day: datetime.date, exceptions: dict) -> str | None:
    """Why the rule has no session on this date (None: it has one)."""
    if day in exceptions:
        return exceptions[day] or "休み"
    programme = schedule.programme
    if programme.skip_year_end and is_year_end_closure(day):
        return "年末年始のため休み"
    if programme.skip_holidays:
        name = holiday_name(day)
        if name:
            return f"祝日（{name}）のため休み"
    return None


def occurrences(
    schedule: Schedule, start: datetime.date, end: datetime.date
) -> list[datetime.date]:
    """The rule's dates from start to end (inclusive), before exceptions and holidays."""
    rule = schedule.rrule()
    lo = datetime.datetime.combine(max(start, schedule.starts_on), datetime.time.min)
    hi = datetime.datetime.combine(end, datetime.time.max)
    return [d.date() for d in rule.between(lo, hi, inc=True)]


def wanted_dates(
    schedule: Schedule, start: datetime.date, end: datetime.date
) -> tuple[list[datetime.date], dict[datetime.date, str]]:
    """(dates with a session, {skipped date: reason}) of the rule in the period."""
    exceptions = {e.date: e.reason for e in schedule.exceptions.all()}
    dates, skipped = [], {}
    for day in occurrences(schedule, start, end):
        reason = skip_reason(schedule, day, exceptions)
        if reason is None:
            dates.append(day)
        else:
            skipped[day] = reason
    for day, reason in exceptions.items():  # an exception on a date the rule no longer has
        if start <= day <= end:
            skipped.setdefault(day, reason or "休み")
    return dates, skipped


def _session_for(schedule: Schedule, day: datetime.date) -> Session:
    programme = schedule.programme
    return Session(
        programme=programme,
        municipality_id=programme.municipality_id,
        schedule=schedule,
        occurrence_date=day,
        starts_at=local_datetime(day, schedule.start_time),
        ends_at=local_datetime(day, schedule.end_time),
        place=schedule.place or programme.place,
    )


@transaction.atomic
def materialise(
    schedule: Schedule,
    start: datetime.date,
    end: datetime.date,
    *,
    now: datetime.datetime | None = None,
) -> Expansion:
    """Bring the schedule's sessions from start to end in line with its rule (idempotent)."""
    now = now or timezone.now()
    result = Expansion()
    existing = {
        s.occurrence_date: s
        for s in schedule.sessions.filter(occurrence_date__gte=start, occurrence_date__lte=end)
    }
    if not schedule.is_active:
        dates, skipped = [], {d: "この予定は終了しました" for d in existing}
    else:
        dates, skipped = wanted_dates(schedule, start, end)
    for day in dates:
        if day in existing:
            result.kept += 1
            continue
        session = _session_for(schedule, day)
        session.save()
        result.created.append(session)
    wanted = set(dates)
    for day, session in existing.items():
        if day in wanted or session.starts_at <= now or session.is_cancelled:
            continue
        cancel(session, skipped.get(day) or "予定の変更により中止")
        result.cancelled.append(session)
    return result


def cancel(session: Session, reason: str) -> Session:
    """Mark a session cancelled (kept, with a new iCalendar SEQUENCE)."""
    session.status = SessionStatus.CANCELLED
    session.cancel_reason = reason[:200]
    session.sequence += 1
    session.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])
    return session


def reinstate(session: Session) -> Session:
    session.status = SessionStatus.SCHEDULED
    session.cancel_reason = ""
    session.sequence += 1
    session.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])
    return session


def materialise_programme(
    programme: Programme,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Expansion:
    """Every active schedule of the programme, from start (default today) to end (default
    today + HORIZON_DAYS)."""
    today = timezone.localdate()
    start = start or today
    end = end or today + datetime.timedelta(days=HORIZON_DAYS)
    result = Expansion()
    for schedule in programme.schedules.prefetch_related("exceptions"):
        result.merge(materialise(schedule, start, end))
    return result


def materialise_all(today: datetime.date | None = None) -> Expansion:
    """The daily job: keep every programme's next HORIZON_DAYS materialised."""
    today = today or timezone.localdate()
    result = Expansion()
    for programme in Programme.objects.all():
        result.merge(
            materialise_programme(programme, today, today + datetime.timedelta(days=HORIZON_DAYS))
        )
    return result
