"""Programme statistics for a period (domain notes §2.3): 開催回数, 実参加者数, 延べ参加者数,
見学・体験 — per programme, per municipality and in total, each counted by the database
(GROUP BY with COUNT(DISTINCT …) and SUM), never by looping over rows in Python.

- 開催回数 (sessions held): sessions in the period, not cancelled, whose attendance was recorded
  (``Session.attendance_taken_at``: the programmes' mark of a session that took place).
- 実参加者数 (distinct participants): enrolled participants present at least once. A participant
  belongs to one programme, so a person in two programmes counts in each.
- 延べ参加者数 (total attendance): participants present, summed over the sessions, plus the head
  counts of open events (``Session.anonymous_count``).
- 見学・体験 (visitors): named visitors present plus unnamed ones (``Session.visitor_count``);
  not members, so not in the two figures above.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from tsunagu.programmes.models import Attendance, Programme, Session, SessionStatus

HEADERS = (
    "自治体",
    "プログラム",
    "種類",
    "開催回数",
    "中止",
    "実参加者数",
    "延べ参加者数",
    "見学・体験",
)


@dataclass
class Figures:
    sessions_held: int = 0
    cancelled: int = 0
    participants: int = 0
    attendance: int = 0
    visitors: int = 0


@dataclass
class ProgrammeRow:
    programme: Programme
    figures: Figures


@dataclass
class MunicipalityBlock:
    name: str
    rows: list[ProgrammeRow] = field(default_factory=list)
    total: Figures = field(default_factory=Figures)


@dataclass
class Statistics:
    start: datetime.date
    end: datetime.date
    blocks: list[MunicipalityBlock]
    total: Figures

    def csv_rows(self) -> list[list[str]]:
        rows: list[list[str]] = [list(HEADERS)]
        for block in self.blocks:
            for row in block.rows:
                p = row.programme
                rows.append([block.name, p.name, str(p.get_kind_display()), *numbers(row.figures)])
            rows.append([block.name, "計", "", *numbers(block.total)])
        if len(self.blocks) > 1:
            rows.append(["合計", "", "", *numbers(self.total)])
        return rows


def numbers(f: Figures) -> list[str]:
    return [
        str(n) for n in (f.sessions_held, f.cancelled, f.participants, f.attendance, f.visitors)
    ]


def period_bounds(
    start: datetime.date, end: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    first = timezone.make_aware(datetime.datetime.combine(start, datetime.time()))
    after = timezone.make_aware(
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time())
    )
    return first, after


def _held() -> Q:
    return ~Q(status=SessionStatus.CANCELLED) & Q(attendance_taken_at__isnull=False)


def sessions_in(
    programmes: QuerySet[Programme], first: datetime.datetime, after: datetime.datetime
) -> QuerySet[Session]:
    return Session.objects.filter(
        programme__in=programmes, starts_at__gte=first, starts_at__lt=after
    )


SESSION_FIGURES = {
    "sessions_held": lambda: Count("pk", filter=_held()),
    "cancelled": lambda: Count("pk", filter=Q(status=SessionStatus.CANCELLED)),
    "head_count": lambda: Coalesce(Sum("anonymous_count", filter=_held()), 0),
    "unnamed_visitors": lambda: Coalesce(Sum("visitor_count", filter=_held()), 0),
}
ATTENDANCE_FIGURES = {
    "participants": lambda: Count(
        "participant", filter=Q(kind=Attendance.Kind.MEMBER), distinct=True
    ),
    "present": lambda: Count("pk", filter=Q(kind=Attendance.Kind.MEMBER)),
    "named_visitors": lambda: Count("pk", filter=Q(kind=Attendance.Kind.VISITOR)),
}


def attendance_in(
    programmes: QuerySet[Programme], first: datetime.datetime, after: datetime.datetime
) -> QuerySet[Attendance]:
    # Counts only: `programmes` are those the user may see statistics of (views.py decides with
    # accounts.permissions), and no attendance row leaves the database.
    return Attendance.objects.unscoped(
        "programme statistics: counts over the programmes the user may see statistics of"
    ).filter(
        programme__in=programmes,
        present=True,
        session__starts_at__gte=first,
        session__starts_at__lt=min(after, timezone.now()),
        session__status=SessionStatus.SCHEDULED,
    )


def grouped(queryset: QuerySet, key: str | None, figures: dict) -> dict:
    """{key value: {figure: number}} in one GROUP BY query (key None: one total row)."""
    annotations = {name: make() for name, make in figures.items()}
    if key is None:
        return {None: queryset.aggregate(**annotations)}
    rows = queryset.order_by().values(key).annotate(**annotations)
    return {row.pop(key): row for row in rows}


def figures_of(sessions: dict | None, attendance: dict | None) -> Figures:
    s = sessions or {}
    a = attendance or {}
    return Figures(
        sessions_held=s.get("sessions_held") or 0,
        cancelled=s.get("cancelled") or 0,
        participants=a.get("participants") or 0,
        attendance=(a.get("present") or 0) + (s.get("head_count") or 0),
        visitors=(a.get("named_visitors") or 0) + (s.get("unnamed_visitors") or 0),
    )


def programme_statistics(
    programmes: QuerySet[Programme], start: datetime.date, end: datetime.date
) -> Statistics:
    """The figures of `programmes` for the local dates start..end (both included): seven
    queries whatever the number of programmes, sessions and participants."""
    first, after = period_bounds(start, end)
    sessions = sessions_in(programmes, first, after)
    attendance = attendance_in(programmes, first, after)
    levels = (("programme", "programme"), ("municipality", "programme__municipality"))
    per: dict[str, tuple[dict, dict]] = {}
    for level, path in levels:
        per[level] = (
            grouped(sessions, path, SESSION_FIGURES),
            grouped(attendance, path, ATTENDANCE_FIGURES),
        )
    total = figures_of(
        grouped(sessions, None, SESSION_FIGURES)[None],
        grouped(attendance, None, ATTENDANCE_FIGURES)[None],
    )
    blocks: dict[int, MunicipalityBlock] = {}
    listed = programmes.select_related("municipality").order_by("municipality__code", "name")
    for programme in listed:
        m = programme.municipality
        block = blocks.get(m.pk)
        if block is None:
            block = blocks[m.pk] = MunicipalityBlock(
                name=m.name,
                total=figures_of(
                    per["municipality"][0].get(m.pk), per["municipality"][1].get(m.pk)
                ),
            )
        block.rows.append(
            ProgrammeRow(
                programme,
                figures_of(
                    per["programme"][0].get(programme.pk), per["programme"][1].get(programme.pk)
                ),
            )
        )
    return Statistics(start=start, end=end, blocks=list(blocks.values()), total=total)
