"""Report periods: a 年度 (April–March) or any date range, in local Asia/Tokyo dates.

A period is a pair of local dates (both inclusive). Queries compare timestamps with the aware
bounds of those local days (`start_at` inclusive, `end_at` exclusive), so a contact at
2026-03-31 23:59 JST (14:59 UTC) belongs to 年度 2025 and one at 2026-04-01 00:00 JST to 2026 —
the database never converts time zones, and the bounds use the timestamp index directly.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError

from tsunagu.jp.wareki import fiscal_year, format_fiscal_year, format_wareki

MAX_MONTHS = 60  # five years: the monthly columns stay readable and the query stays bounded


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=local_tz())


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @property
    def key(self) -> str:
        return f"m{self.year}{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{self.month}月"

    @property
    def first(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    def next(self) -> Month:
        return Month(self.year + (self.month == 12), self.month % 12 + 1)


@dataclass(frozen=True)
class Period:
    start: datetime.date  # inclusive
    end: datetime.date  # inclusive
    fiscal: int | None = None  # the 年度 when the period is one

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError("終了日は開始日より後にしてください。")
        if len(self.months()) > MAX_MONTHS:
            raise ValidationError(f"期間は{MAX_MONTHS // 12}年以内にしてください。")

    @classmethod
    def fiscal_year(cls, year: int) -> Period:
        return cls(datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31), fiscal=year)

    @classmethod
    def current_fiscal_year(cls, today: datetime.date) -> Period:
        return cls.fiscal_year(fiscal_year(today))

    @property
    def start_at(self) -> datetime.datetime:
        return day_start(self.start)

    @property
    def end_at(self) -> datetime.datetime:
        """The first instant after the period (exclusive bound)."""
        return day_start(self.end + datetime.timedelta(days=1))

    def months(self) -> list[Month]:
        """The calendar months the period touches, in order."""
        out, m = [], Month(self.start.year, self.start.month)
        while m.first <= self.end:
            out.append(m)
            m = m.next()
        return out

    def month_bounds(self, month: Month) -> tuple[datetime.datetime, datetime.datetime]:
        """The aware bounds of a month, clipped to the period."""
        first = max(month.first, self.start)
        after = min(month.next().first, self.end + datetime.timedelta(days=1))
        return day_start(first), day_start(after)

    @property
    def label(self) -> str:
        if self.fiscal is not None:
            return format_fiscal_year(self.fiscal, "with_seireki")
        return f"{format_wareki(self.start)}〜{format_wareki(self.end)}"

    @property
    def slug(self) -> str:
        if self.fiscal is not None:
            return f"FY{self.fiscal}"
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"
