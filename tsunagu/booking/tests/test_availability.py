"""Slots from weekly hours, dated overrides, holidays, 年末年始, buffer, notice and horizon."""

import datetime

import pytest
from django.utils import timezone

from tsunagu.booking.availability import bookable_rules, find_slot, periods_on, slots
from tsunagu.booking.models import DateOverride, SlotSeat
from tsunagu.testing.booking import book_tomorrow, make_rule

pytestmark = pytest.mark.django_db
T = datetime.time
TOKYO = timezone.get_fixed_timezone(9 * 60)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, T(hour, minute), tzinfo=TOKYO)


def test_weekly_hours_give_slots_with_the_buffer_between(world):
    rule = make_rule(world.home.window, slot_minutes=50, buffer_minutes=10)
    day = datetime.date(2026, 12, 8)  # a Tuesday
    found = slots(rule, at(day, 0), first_day=day, days=1)
    assert [timezone.localtime(s.starts_at).time() for s in found] == [T(h) for h in range(9, 17)]
    assert all(s.ends_at - s.starts_at == datetime.timedelta(minutes=50) for s in found)


def test_holidays_and_year_end_close_unless_an_override_opens(world):
    rule = make_rule(world.home.window, closed_on_holidays=True, closed_year_end=True)
    assert periods_on(rule, datetime.date(2026, 11, 23)) == []  # 勤労感謝の日
    assert periods_on(rule, datetime.date(2026, 12, 30)) == []  # 年末年始
    assert periods_on(rule, datetime.date(2026, 12, 28)) != []
    DateOverride.objects.create(
        rule=rule,
        date=datetime.date(2026, 11, 23),
        kind=DateOverride.Kind.OUTREACH,
        opens=T(10),
        closes=T(12),
        place="公民館",
    )
    DateOverride.objects.create(rule=rule, date=datetime.date(2026, 12, 28), kind="closed")
    rule = type(rule).objects.prefetch_related("hours", "overrides").get(pk=rule.pk)
    [period] = periods_on(rule, datetime.date(2026, 11, 23))
    assert (period.opens, period.closes, period.place) == (T(10), T(12), "公民館")
    assert periods_on(rule, datetime.date(2026, 12, 28)) == []


def test_notice_and_horizon_bound_the_slots(world):
    rule = make_rule(
        world.home.window, min_notice_hours=24, horizon_days=3, slot_minutes=60, buffer_minutes=0
    )
    now = at(datetime.date(2026, 12, 8), 10)
    found = slots(rule, now)
    assert found[0].starts_at == at(datetime.date(2026, 12, 9), 10)
    assert timezone.localtime(found[-1].starts_at).date() == datetime.date(2026, 12, 11)
    assert find_slot(rule, at(datetime.date(2026, 12, 8), 15), now) is None  # too soon
    assert find_slot(rule, at(datetime.date(2026, 12, 9), 10, 30), now) is None  # not a slot


def test_taken_seats_are_counted_in_one_query(world, django_assert_num_queries):
    rule = make_rule(world.home.window, capacity=2)
    booking, _ = book_tomorrow(rule)
    assert SlotSeat.objects.get(booking=booking).seat == 1
    rule = bookable_rules().get(pk=rule.pk)  # hours and overrides prefetched
    with django_assert_num_queries(1):
        found = slots(rule, timezone.now(), days=30)
    first = next(s for s in found if s.starts_at == booking.starts_at)
    assert (first.taken, first.free) == (1, 1)
