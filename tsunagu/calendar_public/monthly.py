"""Programme statistics by month, grouped by 年度 (April–March): the same figures as
statistics.py (開催回数, 中止, 実参加者数, 延べ参加者数, 見学・体験) for each month of the period
and for each 年度 in it — the table a municipality hands in month by month.

Months are Japan-time calendar months clipped to the period. A 年度's 実参加者数 is counted
distinct over the whole 年度 (a participant who came in April and in May is one person), so it
is its own query, not the sum of the months. Four GROUP BY queries whatever the period.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Case, DateField, IntegerField, QuerySet, When
from django.db.models.functions import ExtractMonth, ExtractYear, TruncMonth

from tsunagu.jp.wareki import fiscal_year, format_fiscal_year
from tsunagu.programmes.models import Programme

from .statistics import (
    ATTENDANCE_FIGURES,
    SESSION_FIGURES,
    Figures,
    attendance_in,
    figures_of,
    grouped,
    numbers,
    period_bounds,
    sessions_in,
)

TOKYO = ZoneInfo("Asia/Tokyo")
HEADERS = ("年度", "月", "開催回数", "中止", "実参加者数", "延べ参加者数", "見学・体験")


@dataclass
class MonthRow:
    month: datetime.date  # the first day of the month
    figures: Figures

    @property
    def label(self) -> str:
        return f"{self.month.year}年{self.month.month}月"


@dataclass
class FiscalYearBlock:
    year: int  # the Gregorian year the 年度 starts in
    months: list[MonthRow] = field(default_factory=list)
    total: Figures = field(default_factory=Figures)

    @property
    def label(self) -> str:
        return format_fiscal_year(self.year, "with_seireki")


def _months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    month, last, months = start.replace(day=1), end.replace(day=1), []
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def _month_of(path: str) -> TruncMonth:
    return TruncMonth(path, output_field=DateField(), tzinfo=TOKYO)


def _fiscal_year_of(path: str) -> Case:
    year = ExtractYear(path, tzinfo=TOKYO)
    return Case(
        When(**{"local_month__lt": 4}, then=year - 1),
        default=year,
        output_field=IntegerField(),
    )


def _by(queryset: QuerySet, path: str, key: str, figures: dict) -> dict:
    if key == "month":
        annotated = queryset.annotate(month=_month_of(path))
    else:
        annotated = queryset.annotate(local_month=ExtractMonth(path, tzinfo=TOKYO)).annotate(
            fy=_fiscal_year_of(path)
        )
    return grouped(annotated, key, figures)


def _as_date(value: datetime.date | datetime.datetime) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def by_month(
    programmes: QuerySet[Programme], start: datetime.date, end: datetime.date
) -> list[FiscalYearBlock]:
    """The figures of `programmes` for each month of start..end, in 年度 blocks."""
    first, after = period_bounds(start, end)
    sessions = sessions_in(programmes, first, after)
    attendance = attendance_in(programmes, first, after)
    per_month = (
        {_as_date(k): v for k, v in _by(sessions, "starts_at", "month", SESSION_FIGURES).items()},
        {
            _as_date(k): v
            for k, v in _by(attendance, "session__starts_at", "month", ATTENDANCE_FIGURES).items()
        },
    )
    per_year = (
        _by(sessions, "starts_at", "fy", SESSION_FIGURES),
        _by(attendance, "session__starts_at", "fy", ATTENDANCE_FIGURES),
    )
    blocks: dict[int, FiscalYearBlock] = {}
    for month in _months(start, end):
        year = fiscal_year(month)
        block = blocks.get(year)
        if block is None:
            block = blocks[year] = FiscalYearBlock(
                year, total=figures_of(per_year[0].get(year), per_year[1].get(year))
            )
        block.months.append(
            MonthRow(month, figures_of(per_month[0].get(month), per_month[1].get(month)))
        )
    return list(blocks.values())


def csv_rows(blocks: list[FiscalYearBlock]) -> list[list[str]]:
    rows: list[list[str]] = [list(HEADERS)]
    for block in blocks:
        for row in block.months:
            rows.append([block.label, row.label, *numbers(row.figures)])
        rows.append([block.label, "計", *numbers(block.total)])
    return rows
