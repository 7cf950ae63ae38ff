"""日野市's 土曜出張個別相談会 in the demo: extra openings on the second Saturday of a month,
always in the future of the day the demo is loaded (the loader rolls them forward)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

SATURDAY_SESSION_NOTE = "土曜出張個別相談会"
SATURDAY_SESSION_HOURS = (datetime.time(10, 0), datetime.time(16, 0))
SATURDAY_SESSION_COUNT = 2


@dataclass(frozen=True)
class ExtraOpening:
    date: datetime.date
    opens: datetime.time
    closes: datetime.time
    note: str = SATURDAY_SESSION_NOTE


def saturday_sessions(
    today: datetime.date, count: int = SATURDAY_SESSION_COUNT
) -> list[ExtraOpening]:
    """The next `count` second Saturdays of a month after `today` (so the demo never shows
    only past sessions)."""
    sessions: list[ExtraOpening] = []
    year, month = today.year, today.month
    while len(sessions) < count:
        first = datetime.date(year, month, 1)
        first_saturday = first + datetime.timedelta(days=(5 - first.weekday()) % 7)
        second_saturday = first_saturday + datetime.timedelta(days=7)
        if second_saturday > today:
            sessions.append(ExtraOpening(second_saturday, *SATURDAY_SESSION_HOURS))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return sessions
