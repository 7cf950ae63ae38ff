"""Holidays and office days."""

from datetime import date

import pytest

from tsunagu.jp.calendar import (
    holiday_name,
    is_office_closed,
    is_public_holiday,
    is_year_end_closure,
    next_office_day,
)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2024, 1, 1), "元日"),
        (date(2026, 5, 6), "振替休日"),
        (date(2026, 9, 22), "国民の休日"),
        (date(2019, 5, 1), "天皇の即位の日"),
        (date(2020, 7, 24), "スポーツの日"),  # moved for the Olympics
        (date(2024, 4, 2), None),
    ],
)
def test_holiday_name(day: date, name: str | None) -> None:
    assert holiday_name(day) == name
    assert is_public_holiday(day) is (name is not None)


@pytest.mark.parametrize(
    ("day", "closed"),
    [
        (date(2024, 12, 28), False),
        (date(2024, 12, 29), True),
        (date(2024, 12, 31), True),
        (date(2025, 1, 1), True),
        (date(2025, 1, 3), True),
        (date(2025, 1, 4), False),
    ],
)
def test_is_year_end_closure(day: date, closed: bool) -> None:
    assert is_year_end_closure(day) is closed


def test_is_office_closed() -> None:
    assert not is_office_closed(date(2024, 4, 1))  # Monday
    assert is_office_closed(date(2024, 4, 6))  # Saturday
    assert is_office_closed(date(2024, 4, 29))  # 昭和の日 (Monday)
    assert is_office_closed(date(2025, 1, 2))  # Thursday, 年末年始
    assert not is_office_closed(date(2024, 4, 6), open_weekdays=range(6))  # Saturday window
    assert is_office_closed(date(2024, 11, 23), open_weekdays=range(6))  # 勤労感謝の日 (Sat)


def test_next_office_day() -> None:
    assert next_office_day(date(2024, 4, 1)) == date(2024, 4, 2)
    assert next_office_day(date(2024, 4, 5)) == date(2024, 4, 8)  # over the weekend
    assert next_office_day(date(2024, 12, 27)) == date(2025, 1, 6)  # over 年末年始
    assert next_office_day(date(2026, 5, 1)) == date(2026, 5, 7)  # over Golden Week
    assert next_office_day(date(2024, 4, 1), inclusive=True) == date(2024, 4, 1)
    assert next_office_day(date(2024, 4, 6), inclusive=True) == date(2024, 4, 8)
    assert next_office_day(date(2024, 4, 5), open_weekdays={0, 1, 2, 3, 4, 5}) == date(2024, 4, 6)


def test_next_office_day_with_no_open_weekday() -> None:
    with pytest.raises(ValueError, match="no office day"):
        next_office_day(date(2024, 4, 1), open_weekdays=())
