"""National holidays and municipal office days.

Bookings, reminders and the 開示請求 response clock need to know when a municipal window is
open. The national holidays (including 振替休日 and 国民の休日) come from the ``holidays``
package, whose Japanese calendar is maintained upstream; 春分の日・秋分の日 are fixed officially
only about a year ahead, so keep the package current. Municipal windows are also closed over
the year-end period 12/29–1/3. Per-window weekly patterns (some open on Saturdays) are the
``open_weekdays`` argument; ad-hoc closures and openings belong to the scheduling app.
"""

from collections.abc import Collection
from datetime import date, timedelta
from functools import lru_cache

import holidays

WEEKDAYS: frozenset[int] = frozenset(range(5))
"""Monday (0) to Friday (4), the default opening pattern."""

_SEARCH_LIMIT_DAYS = 366


@lru_cache(maxsize=64)
def _holidays_for(year: int) -> holidays.HolidayBase:
    # One immutable instance per year: an auto-expanding shared instance would be mutated
    # from several request threads.
    return holidays.Japan(years=year, language="ja")


def holiday_name(value: date) -> str | None:
    """Return the Japanese name of the national holiday on ``value`` (e.g. 「振替休日」), or None."""
    return _holidays_for(value.year).get(value)


def is_public_holiday(value: date) -> bool:
    """True on a national holiday (祝日, 振替休日, 国民の休日)."""
    return holiday_name(value) is not None


def is_year_end_closure(value: date) -> bool:
    """True from 29 December to 3 January, when municipal offices are closed (年末年始)."""
    return (value.month == 12 and value.day >= 29) or (value.month == 1 and value.day <= 3)


def is_office_closed(value: date, open_weekdays: Collection[int] = WEEKDAYS) -> bool:
    """True when a window with the given weekly pattern is closed on ``value``.

    ``open_weekdays`` uses ``date.weekday()`` numbers (Monday = 0); pass ``range(6)`` for a
    window that also opens on Saturdays. Holidays and 年末年始 close it regardless.
    """
    return (
        value.weekday() not in open_weekdays
        or is_public_holiday(value)
        or is_year_end_closure(value)
    )


def next_office_day(
    value: date, open_weekdays: Collection[int] = WEEKDAYS, *, inclusive: bool = False
) -> date:
    """Return the first office day after ``value`` (or on it, when ``inclusive``).

    ``inclusive=True`` answers "when is this due, if it falls on a closed day?"; the default
    answers "when can we next call back?". Raises ``ValueError`` if no day in the next year is
    open (an empty ``open_weekdays``).
    """
    day = value if inclusive else value + timedelta(days=1)
    for _ in range(_SEARCH_LIMIT_DAYS):
        if not is_office_closed(day, open_weekdays):
            return day
        day += timedelta(days=1)
    raise ValueError(f"no office day within {_SEARCH_LIMIT_DAYS} days of {value.isoformat()}")
