"""What the public calendar reads: published programmes and their sessions, nothing else.

Public pages, feeds and the open-data file go through these functions only. They read
programmes, schedules, sessions and the public reference data (municipalities, windows,
organisations) — never the participants, the attendance or any case table (a test checks the
tables every public page touches).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from tsunagu.programmes.models import Programme, Session
from tsunagu.tenancy.models import Municipality

# What a feed or the open-data file carries around today: cancelled sessions stay in feeds for
# a while so that subscribers drop them (RFC 5545 STATUS:CANCELLED), and a year ahead at most.
FEED_PAST = datetime.timedelta(days=31)
FEED_AHEAD = datetime.timedelta(days=366)
UPCOMING_ON_PROGRAMME_PAGE = 8

# Columns the public pages never show: staff-recorded head counts and attendance bookkeeping.
_STAFF_ONLY = ("visitor_count", "anonymous_count", "attendance_taken_at")


@dataclass(frozen=True)
class CalendarFilter:
    municipality: Municipality | None = None
    kind: str = ""
    audience: str = ""


def published_programmes() -> QuerySet[Programme]:
    return Programme.objects.filter(is_published=True).select_related(
        "municipality__prefecture", "window", "organization", "location__municipality__prefecture"
    )


def published_sessions() -> QuerySet[Session]:
    return (
        Session.objects.filter(programme__is_published=True)
        .select_related(
            "programme__municipality__prefecture",
            "programme__window",
            "programme__organization",
            "programme__location__municipality__prefecture",
            "schedule",
        )
        .defer(*_STAFF_ONLY)
        .order_by("starts_at", "pk")
    )


def municipalities_with_programmes() -> QuerySet[Municipality]:
    return (
        Municipality.objects.filter(programmes__is_published=True)
        .select_related("prefecture")
        .distinct()
        .order_by("code")
    )


def filtered(sessions: QuerySet[Session], wanted: CalendarFilter) -> QuerySet[Session]:
    """The sessions matching the visitor's choices (public data: a filter, not a scope)."""
    if wanted.municipality is not None:
        sessions = sessions.filter(programme__municipality=wanted.municipality)
    if wanted.kind:
        sessions = sessions.filter(programme__kind=wanted.kind)
    if wanted.audience:
        sessions = sessions.filter(programme__audience=wanted.audience)
    return sessions


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The aware Asia/Tokyo start of `month`'s first day and of the next month's."""
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return _local_midnight(first), _local_midnight(following)


def in_month(sessions: QuerySet[Session], month: datetime.date) -> QuerySet[Session]:
    start, end = month_bounds(month)
    return sessions.filter(starts_at__gte=start, starts_at__lt=end)


def feed_window(sessions: QuerySet[Session]) -> QuerySet[Session]:
    now = timezone.now()
    return sessions.filter(starts_at__gte=now - FEED_PAST, starts_at__lt=now + FEED_AHEAD)


def open_data_window(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Open data lists what is still to come (today included), a year ahead."""
    today = _local_midnight(timezone.localdate())
    return sessions.filter(starts_at__gte=today, starts_at__lt=today + FEED_AHEAD)


def upcoming_of(programme: Programme) -> list[Session]:
    return list(
        published_sessions().filter(programme=programme, ends_at__gte=timezone.now())[
            :UPCOMING_ON_PROGRAMME_PAGE
        ]
    )


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
