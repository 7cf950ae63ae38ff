"""The 予約の設定 screens' rules: weekly hours and dated overrides are edited as lines of text
(keyboard-friendly, no script), parsed here, and a rule is saved with its hours and overrides
in one transaction (writes audited through the registry, tsunagu.booking.apps)."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import AvailabilityRule, DateOverride, WeeklyHours

WEEKDAYS = "月火水木金土日"
_RANGE = r"(\d{1,2}):(\d{2})\s*[-〜~]\s*(\d{1,2}):(\d{2})"
HOURS_LINE = re.compile(rf"^([{WEEKDAYS}])\s+{_RANGE}$")
OVERRIDE_LINE = re.compile(
    rf"^(\d{{4}})[-/](\d{{1,2}})[-/](\d{{1,2}})\s+(?:(休み)|{_RANGE}(?:\s+@\s*(.+))?)$"
)


def _times(parts: tuple[str, ...], number: int) -> tuple[datetime.time, datetime.time]:
    try:
        opens = datetime.time(int(parts[0]), int(parts[1]))
        closes = datetime.time(int(parts[2]), int(parts[3]))
    except ValueError:
        raise ValidationError(f"{number}行目：時刻が正しくありません。") from None
    if opens >= closes:
        raise ValidationError(f"{number}行目：終わりの時刻は始まりより後にしてください。")
    return opens, closes


def _lines(text: str) -> list[tuple[int, str]]:
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def parse_hours(text: str) -> list[tuple[int, datetime.time, datetime.time]]:
    """「火 10:00-12:00」 one period a line."""
    found = []
    for number, line in _lines(text):
        match = HOURS_LINE.match(line)
        if not match:
            raise ValidationError(f"{number}行目：「火 10:00-12:00」の形で書いてください。")
        found.append((WEEKDAYS.index(match.group(1)), *_times(match.groups()[1:5], number)))
    return found


def parse_overrides(text: str) -> list[dict]:
    """「2026-12-29 休み」, 「2026-12-12 10:00-16:00」 (臨時・土曜の相談会) or
    「2026-12-12 10:00-16:00 @ 公民館」 (出張個別相談会 at that place)."""
    found = []
    for number, line in _lines(text):
        match = OVERRIDE_LINE.match(line)
        if not match:
            raise ValidationError(
                f"{number}行目：「2026-12-29 休み」「2026-12-12 10:00-16:00 @ 場所」の形で書いてください。"
            )
        try:
            day = datetime.date(*(int(g) for g in match.groups()[:3]))
        except ValueError:
            raise ValidationError(f"{number}行目：日付が正しくありません。") from None
        if match.group(4):
            found.append({"date": day, "kind": DateOverride.Kind.CLOSED})
            continue
        opens, closes = _times(match.groups()[4:8], number)
        place = (match.group(9) or "").strip()[:200]
        kind = DateOverride.Kind.OUTREACH if place else DateOverride.Kind.EXTRA
        found.append({"date": day, "kind": kind, "opens": opens, "closes": closes, "place": place})
    return found


def hours_text(rule: AvailabilityRule) -> str:
    return "\n".join(
        f"{WEEKDAYS[h.weekday]} {h.opens:%H:%M}-{h.closes:%H:%M}" for h in rule.hours.all()
    )


def overrides_text(rule: AvailabilityRule) -> str:
    lines = []
    for o in rule.overrides.all():
        if o.is_closed:
            lines.append(f"{o.date:%Y-%m-%d} 休み")
        else:
            place = f" @ {o.place}" if o.place else ""
            lines.append(f"{o.date:%Y-%m-%d} {o.opens:%H:%M}-{o.closes:%H:%M}{place}")
    return "\n".join(lines)


@transaction.atomic
def save_rule(
    rule: AvailabilityRule,
    hours: list[tuple[int, datetime.time, datetime.time]],
    overrides: list[dict],
) -> AvailabilityRule:
    """Save the rule and replace its weekly hours and dated overrides."""
    rule.save()
    rule.hours.all().delete()
    rule.overrides.all().delete()
    for weekday, opens, closes in hours:  # one by one: each write is audited (post_save)
        WeeklyHours.objects.create(rule=rule, weekday=weekday, opens=opens, closes=closes)
    for values in overrides:
        DateOverride.objects.create(rule=rule, **values)
    return rule
