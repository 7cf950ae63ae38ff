"""相談窓口: who a window serves, and on which days it takes consultations."""

import datetime

import pytest
from django.utils import translation

from tsunagu.jp.calendar import is_public_holiday, is_year_end_closure
from tsunagu.tenancy.models import (
    Municipality,
    OpeningException,
    OpeningHours,
    Prefecture,
    Window,
    window_is_open_on,
)

D = datetime.date
T = datetime.time


@pytest.mark.parametrize(
    "age_min,age_max,label,served,not_served",
    [
        (None, None, "年齢を問わず", [None, 0, 15, 40, 99], []),
        (18, None, "18歳以上", [None, 18, 40, 80], [0, 17]),
        (None, 17, "17歳まで", [None, 0, 17], [18, 40]),
        (15, 39, "15歳〜39歳", [None, 15, 20, 39], [14, 40]),
        (0, 0, "0歳〜0歳", [0], [1]),
    ],
)
def test_serves_age_and_label(age_min, age_max, label, served, not_served):
    window = Window(age_min=age_min, age_max=age_max)
    with translation.override("ja"):
        assert window.age_range_label() == label
    for age in served:
        assert window.serves_age(age), age
    for age in not_served:
        assert not window.serves_age(age), age


@pytest.fixture
def window(db):
    tokyo = Prefecture.objects.create(code="13", name="東京都")
    city = Municipality.objects.create(prefecture=tokyo, code="132012", name="八王子市")
    window = Window.objects.create(
        municipality=city, slug="hachimaru", name="はちまる", kind=Window.Kind.GENERAL
    )
    for weekday in range(5):  # Monday to Friday, 8:30–17:15
        OpeningHours.objects.create(
            window=window, weekday=weekday, opens=T(8, 30), closes=T(17, 15)
        )
    return window


def is_open(window: Window, day: datetime.date) -> bool:
    fresh = Window.objects.prefetch_related("opening_hours", "opening_exceptions").get(pk=window.pk)
    return window_is_open_on(fresh, day)


# Dates used below, checked against the calendar first.
WEDNESDAY = D(2026, 4, 1)
SATURDAY = D(2026, 4, 4)
SHOWA_DAY = D(2026, 4, 29)  # 昭和の日, a Wednesday
SUBSTITUTE = D(2026, 5, 6)  # 振替休日 for 憲法記念日 on Sunday 5/3, a Wednesday
YEAR_END = D(2026, 12, 29)  # a Tuesday
NEW_YEAR_3 = D(2027, 1, 3)  # a Sunday
FIRST_OFFICE_DAY = D(2027, 1, 4)  # a Monday


def test_calendar_assumptions():
    assert WEDNESDAY.weekday() == 2 and not is_public_holiday(WEDNESDAY)
    assert SATURDAY.weekday() == 5
    assert SHOWA_DAY.weekday() == 2 and is_public_holiday(SHOWA_DAY)
    assert SUBSTITUTE.weekday() == 2 and is_public_holiday(SUBSTITUTE)
    assert YEAR_END.weekday() == 1 and not is_public_holiday(YEAR_END)
    assert is_year_end_closure(YEAR_END) and is_year_end_closure(D(2027, 1, 3))
    assert not is_year_end_closure(D(2026, 12, 28)) and not is_year_end_closure(FIRST_OFFICE_DAY)


def test_weekly_pattern(window):
    assert is_open(window, WEDNESDAY)
    assert not is_open(window, SATURDAY)
    assert not is_open(window, SATURDAY + datetime.timedelta(days=1))


def test_closed_on_holidays(window):
    assert not is_open(window, SHOWA_DAY)
    assert not is_open(window, SUBSTITUTE)
    window.closed_on_holidays = False
    window.save()
    assert is_open(window, SHOWA_DAY)
    assert is_open(window, SUBSTITUTE)


def test_closed_over_year_end(window):
    assert is_open(window, D(2026, 12, 28))  # Monday
    for day in (YEAR_END, D(2026, 12, 30), D(2026, 12, 31), D(2027, 1, 1), D(2027, 1, 2)):
        assert not is_open(window, day), day
    assert is_open(window, FIRST_OFFICE_DAY)
    window.closed_year_end = False
    window.save()
    assert is_open(window, YEAR_END)
    assert is_open(window, D(2026, 12, 31))
    assert not is_open(window, D(2027, 1, 1))  # 元日 is a national holiday as well


def test_exceptions_win(window):
    OpeningException.objects.create(window=window, date=WEDNESDAY, is_closed=True, note="職員研修")
    OpeningException.objects.create(
        window=window, date=SATURDAY, is_closed=False, opens=T(10), closes=T(12), note="土曜相談会"
    )
    OpeningException.objects.create(
        window=window, date=SHOWA_DAY, is_closed=False, opens=T(10), closes=T(15)
    )
    OpeningException.objects.create(
        window=window,
        date=YEAR_END,
        is_closed=False,
        opens=T(10),
        closes=T(15),
        note="年末特別相談",
    )
    assert not is_open(window, WEDNESDAY)
    assert is_open(window, SATURDAY)
    assert is_open(window, SHOWA_DAY)
    assert is_open(window, YEAR_END)
    # other days keep the weekly pattern
    assert is_open(window, WEDNESDAY + datetime.timedelta(days=1))
    assert not is_open(window, SUBSTITUTE)


def test_window_without_hours_is_never_open(window):
    OpeningHours.objects.filter(window=window).delete()
    assert not is_open(window, WEDNESDAY)
