"""Demo availability for consultation booking (tsunagu.booking):

- 日野市ひきこもり専門相談（委託）: 個別相談（予約制）, 来所・オンライン・電話, 火・木 10–12 and
  13–16, 50 minutes with 10 between; plus the 土曜出張個別相談会 (the windows' own second
  Saturdays, demo/sessions.py) at a named place, as dated overrides;
- 町田市保健所: こころの健康相談, 来所・電話, 水 13–16, one hour;
- ふくふく窓口（国立市）: 家族相談会, 来所, 金 14–16, three families per session;
- はちまるサポート元八王子: 夜間のオンライン相談, 月・水 18–20.

Natural keys: (window, name) for rules, (rule, weekday, opens) for hours, (rule, date, opens)
for overrides; the Saturday sessions roll forward with the load day, stale future ones go.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tsunagu.booking.models import AvailabilityRule, DateOverride, Mode, WeeklyHours
from tsunagu.tenancy.models import Municipality, Window

from .data import HACHIOJI, HINO, KUNITACHI, MACHIDA
from .data_programmes import _sync
from .sessions import saturday_sessions

if TYPE_CHECKING:
    from .loader import LoadReport

T = datetime.time
POP_UP_PLACE = "日野市生活・保健センター 2階 相談室（デモ用の架空の場所）"


@dataclass(frozen=True)
class RuleSpec:
    municipality: str
    window: str
    name: str
    description: str
    modes: tuple[str, ...]
    hours: tuple[tuple[int, datetime.time, datetime.time], ...]
    values: dict[str, Any] = field(default_factory=dict)
    saturday_outreach: bool = False


RULES: tuple[RuleSpec, ...] = (
    RuleSpec(
        HINO,
        "hikikomori-senmon",
        "ひきこもり専門相談（予約制）",
        "ご本人・ご家族の個別相談です。専門の相談員がお話をうかがいます。",
        (Mode.IN_PERSON, Mode.ONLINE, Mode.PHONE),
        ((1, T(10), T(12)), (1, T(13), T(16)), (3, T(10), T(12)), (3, T(13), T(16))),
        {"slot_minutes": 50, "buffer_minutes": 10, "meeting_url": "https://meet.example.jp/hino"},
        saturday_outreach=True,
    ),
    RuleSpec(
        MACHIDA,
        "hokenjo",
        "こころの健康相談（予約制）",
        "保健師・精神保健福祉士による相談です。",
        (Mode.IN_PERSON, Mode.PHONE),
        ((2, T(13), T(16)),),
        {"slot_minutes": 60, "buffer_minutes": 0},
    ),
    RuleSpec(
        KUNITACHI,
        "fukufuku",
        "家族相談会（予約制）",
        "ご家族向けの少人数の相談会です（1回3家族まで）。",
        (Mode.IN_PERSON,),
        ((4, T(14), T(16)),),
        {"slot_minutes": 120, "buffer_minutes": 0, "capacity": 3, "min_notice_hours": 48},
    ),
    RuleSpec(
        HACHIOJI,
        "hachimaru-motohachioji",
        "夜間のオンライン相談（予約制）",
        "お仕事や学校のあとでも相談できます。",
        (Mode.ONLINE,),
        ((0, T(18), T(20)), (2, T(18), T(20))),
        {"slot_minutes": 50, "buffer_minutes": 10, "meeting_url": "https://meet.example.jp/hachi"},
    ),
)


def _hours(report: LoadReport, rule: AvailabilityRule, spec: RuleSpec) -> None:
    from .loader import DELETED

    wanted = {(day, opens): closes for day, opens, closes in spec.hours}
    for row in list(rule.hours.all()):
        if (row.weekday, row.opens) not in wanted:
            row.delete()
            report.add(WeeklyHours, DELETED)
    for (day, opens), closes in wanted.items():
        row = rule.hours.filter(weekday=day, opens=opens).first() or WeeklyHours(
            rule=rule, weekday=day, opens=opens
        )
        _sync(report, WeeklyHours, row, {"closes": closes})


def _saturdays(report: LoadReport, rule: AvailabilityRule, today: datetime.date) -> None:
    from .loader import DELETED

    upcoming = saturday_sessions(today)
    stale = rule.overrides.filter(kind=DateOverride.Kind.OUTREACH, date__gt=today).exclude(
        date__in=[s.date for s in upcoming]
    )
    for row in list(stale):
        row.delete()
        report.add(DateOverride, DELETED)
    for session in upcoming:
        row = rule.overrides.filter(date=session.date, opens=session.opens).first()
        _sync(
            report,
            DateOverride,
            row or DateOverride(rule=rule, date=session.date, opens=session.opens),
            {
                "kind": DateOverride.Kind.OUTREACH,
                "closes": session.closes,
                "place": POP_UP_PLACE,
                "note": session.note,
            },
        )


def load_booking(
    report: LoadReport, municipalities: dict[str, Municipality], today: datetime.date
) -> None:
    """Create or update the demo availability rules, their hours and dated overrides."""
    for spec in RULES:
        window = Window.objects.get(
            municipality=municipalities[spec.municipality], slug=spec.window
        )
        rule = AvailabilityRule.objects.filter(window=window, name=spec.name).first()
        values = {"description": spec.description, "modes": list(spec.modes), **spec.values}
        rule = _sync(
            report,
            AvailabilityRule,
            rule or AvailabilityRule(window=window, name=spec.name),
            values,
        )
        _hours(report, rule, spec)
        if spec.saturday_outreach:
            _saturdays(report, rule, today)
