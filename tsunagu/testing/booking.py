"""Booking rows for tests: a rule open every day (so tests do not depend on the weekday), the
world's bookings (home.booking at the first window, home.other_booking at the children's window,
away.booking), and a proof-of-work solver for posting the public form from the test client."""

from __future__ import annotations

import datetime
import itertools

from django.core import signing
from django.utils import timezone

from tsunagu.booking.availability import slots
from tsunagu.booking.guard import _SALT, solves
from tsunagu.booking.models import AvailabilityRule, Booking, Mode, WeeklyHours
from tsunagu.booking.services import Visitor, book
from tsunagu.tenancy.models import Window

from .world import World


def make_rule(window: Window, **values) -> AvailabilityRule:
    values = {
        "name": "個別相談",
        "modes": [Mode.IN_PERSON, Mode.ONLINE, Mode.PHONE],
        "min_notice_hours": 0,
        "meeting_url": "https://meet.example.jp/test",
        "closed_on_holidays": False,
        "closed_year_end": False,
        **values,
    }
    rule = AvailabilityRule.objects.create(window=window, **values)
    for weekday in range(7):
        WeeklyHours.objects.create(
            rule=rule, weekday=weekday, opens=datetime.time(9), closes=datetime.time(17)
        )
    return rule


def visitor(**values) -> Visitor:
    return Visitor(
        **{
            "nickname": "みかん",
            "contact_method": "email",
            "contact": "mikan@example.jp",
            "consulter": "family",
            "note": "息子のことで",
            "mode": Mode.IN_PERSON,
            **values,
        }
    )


def tomorrow_slot(rule: AvailabilityRule):
    day = timezone.localdate() + datetime.timedelta(days=1)
    return slots(rule, timezone.now(), first_day=day, days=1)[0]


def book_tomorrow(rule: AvailabilityRule, **values) -> tuple[Booking, str]:
    return book(rule, tomorrow_slot(rule).starts_at, visitor(**values))


def solve(challenge: str) -> str:
    bits = signing.loads(challenge, salt=_SALT)["b"]
    return next(str(n) for n in itertools.count() if solves(challenge, str(n), bits))


def add_bookings(world: World) -> None:
    for side, nickname in ((world.home, "みかん"), (world.away, "漏洩検知")):
        side.availability_rule = make_rule(side.window)
        side.booking, _token = book_tomorrow(side.availability_rule, nickname=nickname)
    home = world.home
    other_rule = make_rule(home.other_window)
    home.other_booking, _token = book_tomorrow(other_rule)
