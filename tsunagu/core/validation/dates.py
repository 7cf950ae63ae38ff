"""Dates: birth dates (partial, 和暦, ages) and the dates of contacts, visits and due dates.

Bounds: a birth date lies in 1900-01-01 … today; a contact happened not before the system's
records begin (setting TSUNAGU_RECORDS_BEGIN, default 1990-01-01) and not more than a day
ahead of now (time zones, a clock a little fast); a planned date (a visit, a due date) lies
between the records' beginning and PLANNING_YEARS ahead. "Today" is the local date
(Asia/Tokyo). A contact dated 0001-01-01 could not even be converted to UTC on reading.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone

from tsunagu.jp.partial_dates import PartialDate, parse_partial
from tsunagu.jp.wareki import parse_date, parse_datetime

from .errors import invalid

BIRTH_EARLIEST = datetime.date(1900, 1, 1)
DEFAULT_RECORDS_BEGIN = "1990-01-01"
PLANNING_YEARS = 5
CONTACT_AHEAD = datetime.timedelta(days=1)


def _jp(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def records_begin() -> datetime.date:
    """The first date the system holds records for (TSUNAGU_RECORDS_BEGIN, ISO)."""
    value = getattr(settings, "TSUNAGU_RECORDS_BEGIN", DEFAULT_RECORDS_BEGIN)
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def clean_birth(
    value: Any, *, field: str = "birth_date", today: datetime.date | None = None
) -> PartialDate:
    """What is known of a birth date — a date, ISO or 和暦 text (「昭和60年4月1日」「S60.4.1」),
    a year or month (「昭和60年」「1985年3月」), an age (「40歳」), an age band (「40代」) or
    unknown — as a PartialDate that can lie in 1900-01-01 … today."""
    today = today or timezone.localdate()
    if value is None:
        return PartialDate()
    if isinstance(value, PartialDate):
        partial = value
    elif isinstance(value, datetime.date):
        partial = PartialDate.from_date(value)
    elif isinstance(value, str):
        try:
            partial = parse_partial(value, today)
        except (ValueError, OverflowError) as error:
            raise invalid(field, str(error) or "生年月日として読み取れません。") from None
    else:
        raise invalid(field, "生年月日は文字で入力してください。", "not_text")
    first, last = partial.earliest(), partial.latest()
    if first is not None and first > today:
        raise invalid(field, "生年月日が未来の日付です。", "future")
    if last is not None and last < BIRTH_EARLIEST:
        raise invalid(
            field, f"生年月日は{_jp(BIRTH_EARLIEST)}以降で入力してください。", "too_early"
        )
    return partial


def _as_datetime(value: Any, field: str) -> datetime.datetime:
    if isinstance(value, str):
        try:
            value = parse_datetime(value)
        except (ValueError, OverflowError) as error:
            raise invalid(field, str(error) or "日時として読み取れません。") from None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time())
    if not isinstance(value, datetime.datetime):
        raise invalid(field, "日時は 2026-04-01T10:30 の形で入力してください。")
    if value.year < 2 or value.year > 9998:  # beyond these the zone conversion overflows
        raise invalid(field, "日時が範囲外です。", "out_of_range")
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def clean_contact_time(
    value: Any, *, field: str = "occurred_at", now: datetime.datetime | None = None
) -> datetime.datetime:
    """When a contact happened (aware): from the records' beginning to one day ahead of now."""
    moment = _as_datetime(value, field)
    now = now or timezone.now()
    begin = records_begin()
    if timezone.localdate(moment) < begin:
        raise invalid(field, f"日時は{_jp(begin)}以降で入力してください。", "too_early")
    if moment > now + CONTACT_AHEAD:
        raise invalid(field, "まだ来ていない日時は記録できません（翌日まで）。", "future")
    return moment


def _plan_end(today: datetime.date) -> datetime.date:
    try:
        return today.replace(year=today.year + PLANNING_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + PLANNING_YEARS, day=28)


def clean_planned_time(
    value: Any, *, field: str = "planned_for", today: datetime.date | None = None
) -> datetime.datetime:
    """A planned moment (a visit): from the records' beginning to PLANNING_YEARS ahead."""
    moment = _as_datetime(value, field)
    clean_planned_date(timezone.localdate(moment), field=field, today=today)
    return moment


def clean_planned_date(
    value: Any, *, field: str = "next_action_due", today: datetime.date | None = None
) -> datetime.date | None:
    """A planned date (a due date, ISO or 和暦): from the records' beginning to
    PLANNING_YEARS ahead; None for empty."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = parse_date(value)
        except (ValueError, OverflowError) as error:
            raise invalid(field, str(error) or "日付として読み取れません。") from None
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if not isinstance(value, datetime.date):
        raise invalid(field, "日付は 2026-04-30 の形で入力してください。")
    today = today or timezone.localdate()
    begin, end = records_begin(), _plan_end(today)
    if not begin <= value <= end:
        raise invalid(
            field, f"日付は{_jp(begin)}から{_jp(end)}までで入力してください。", "out_of_range"
        )
    return value


def clean_recorded_date(
    value: datetime.date, *, field: str | None = None, today: datetime.date | None = None
) -> datetime.date:
    """Any other date a record holds (an intake answer): 1900-01-01 … PLANNING_YEARS ahead."""
    end = _plan_end(today or timezone.localdate())
    if not BIRTH_EARLIEST <= value <= end:
        raise invalid(
            field,
            f"日付は{_jp(BIRTH_EARLIEST)}から{_jp(end)}までで入力してください。",
            "out_of_range",
        )
    return value
