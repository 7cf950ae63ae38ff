"""Live availability: the slots of a rule, computed on each request from the rule, its weekly
hours and dated overrides, the national holidays and 年末年始 (tsunagu.jp.calendar, the same
rules the windows use), minimum notice, the horizon and the seats already taken.

Reads only configuration and ``SlotSeat`` (which names no person), so the public pages that
show it never touch personal data. Nothing is cached on the server: a public page is at most a
minute old (its Cache-Control, core.middleware.NoStoreMiddleware).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone

from tsunagu.jp.calendar import is_public_holiday, is_year_end_closure

from .models import AvailabilityRule, DateOverride, SlotSeat


@dataclass(frozen=True)
class Period:
    opens: datetime.time
    closes: datetime.time
    place: str = ""  # a 出張個別相談会's place
    kind: str = ""  # the override that opened the day, if one did


@dataclass(frozen=True)
class Slot:
    rule: AvailabilityRule
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    taken: int
    place: str = ""
    kind: str = ""

    @property
    def free(self) -> int:
        return max(self.rule.capacity - self.taken, 0)

    @property
    def key(self) -> str:
        """The slot's start as it travels in a URL (local time, minutes)."""
        return timezone.localtime(self.starts_at).strftime("%Y-%m-%dT%H:%M")


def bookable_rules() -> QuerySet[AvailabilityRule]:
    """Rules open for booking at a public window, with what the slot computation reads."""
    return (
        AvailabilityRule.objects.filter(is_active=True, window__is_public=True)
        .select_related("window", "window__municipality")
        .prefetch_related("hours", "overrides")
    )


def bookable_window_ids() -> set[int]:
    """The public windows that take bookings now (for the links to /booking/)."""
    rules = AvailabilityRule.objects.filter(is_active=True, window__is_public=True)
    return set(rules.values_list("window_id", flat=True).distinct())


def periods_on(rule: AvailabilityRule, day: datetime.date) -> list[Period]:
    """When the rule takes bookings on this date. A dated override wins (closed, or its own
    hours and place); otherwise holidays and 年末年始 close the day as the rule says, and the
    weekly hours apply. Uses prefetched ``hours`` and ``overrides``."""
    overrides = [o for o in rule.overrides.all() if o.date == day]
    if any(o.is_closed for o in overrides):
        return []
    opened = [o for o in overrides if o.opens and o.closes]
    if opened:
        return [Period(o.opens, o.closes, o.place, o.kind) for o in opened]
    if rule.closed_year_end and is_year_end_closure(day):
        return []
    if rule.closed_on_holidays and is_public_holiday(day):
        return []
    return [Period(h.opens, h.closes) for h in rule.hours.all() if h.weekday == day.weekday()]


def _starts(rule: AvailabilityRule, day: datetime.date, period: Period):
    length = datetime.timedelta(minutes=rule.slot_minutes)
    step = length + datetime.timedelta(minutes=rule.buffer_minutes)
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, period.opens, tzinfo=zone)
    end = datetime.datetime.combine(day, period.closes, tzinfo=zone)
    while start + length <= end:
        yield start, start + length
        start += step


def _taken(rule: AvailabilityRule, first: datetime.datetime, last: datetime.datetime) -> Counter:
    rows = (
        SlotSeat.objects.filter(rule=rule, starts_at__gte=first, starts_at__lte=last)
        .values("starts_at")
        .annotate(n=Count("pk"))
    )
    return Counter({row["starts_at"]: row["n"] for row in rows})


def slots(
    rule: AvailabilityRule,
    now: datetime.datetime,
    *,
    first_day: datetime.date | None = None,
    days: int | None = None,
) -> list[Slot]:
    """The rule's slots from `first_day` (default today) for `days` days, within the horizon,
    after the minimum notice, with the seats taken (one query). Full slots are included."""
    today = timezone.localtime(now).date()
    last_day = today + datetime.timedelta(days=rule.horizon_days)
    day = max(first_day or today, today)
    if days is not None:
        last_day = min(last_day, day + datetime.timedelta(days=days - 1))
    earliest = now + datetime.timedelta(hours=rule.min_notice_hours)
    found: list[tuple[datetime.datetime, datetime.datetime, Period]] = []
    while day <= last_day:
        for period in periods_on(rule, day):
            found += [(s, e, period) for s, e in _starts(rule, day, period) if s >= earliest]
        day += datetime.timedelta(days=1)
    if not found:
        return []
    taken = _taken(rule, found[0][0], found[-1][0])
    return [Slot(rule, s, e, taken.get(s, 0), period.place, period.kind) for s, e, period in found]


def parse_key(key: str) -> datetime.datetime | None:
    """A slot key (``2026-12-08T10:00``, local time) → aware datetime, None if malformed."""
    try:
        naive = datetime.datetime.strptime(key or "", "%Y-%m-%dT%H:%M")
    except ValueError:
        return None
    return timezone.make_aware(naive)


def find_slot(
    rule: AvailabilityRule, starts_at: datetime.datetime, now: datetime.datetime
) -> Slot | None:
    """The rule's slot starting then, if it is one and still bookable (free or not)."""
    day = timezone.localtime(starts_at).date()
    for slot in slots(rule, now, first_day=day, days=1):
        if slot.starts_at == starts_at:
            return slot
    return None


def is_outreach(slot: Slot) -> bool:
    return slot.kind == DateOverride.Kind.OUTREACH
