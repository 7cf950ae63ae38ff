"""The lines shown under every navigator result: the prefecture's service and national crisis
lines, for when the local window is closed or the matter cannot wait.

Kept as data here (not in templates) so that a deployment in another prefecture edits one list.
Sources: 東京都ひきこもりサポートネット from ../shared/design/domain-japan.md §2.2 (電話相談
0120-529-528, 月〜金 10:00–17:00, 祝日・年末年始休み); the crisis lines are the published national
numbers (日本いのちの電話連盟, 東京いのちの電話, よりそいホットライン). Numbers and hours change: a
municipality confirms them before going live (`checked` is the date they were last confirmed).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.jp.calendar import is_public_holiday, is_year_end_closure

EVERY_DAY = frozenset(range(7))
WEEKDAYS = frozenset(range(5))


@dataclass(frozen=True)
class Period:
    days: frozenset[int]  # 0 = Monday
    opens: datetime.time
    closes: datetime.time  # may be earlier than opens: the period runs past midnight

    def covers(self, moment: datetime.datetime) -> bool:
        day, now = moment.weekday(), moment.time()
        if self.opens < self.closes:
            return day in self.days and self.opens <= now < self.closes
        yesterday = (day - 1) % 7
        return (day in self.days and now >= self.opens) or (
            yesterday in self.days and now < self.closes
        )


@dataclass(frozen=True)
class SupportLine:
    key: str
    name: object  # lazy translation
    phone: str  # E.164
    hours_label: object
    description: object
    kind: str  # "prefecture" (the prefecture's service) or "crisis"
    prefecture: str = ""  # 2-digit prefecture code; "" = national
    url: str = ""
    always_open: bool = False
    periods: tuple[Period, ...] = field(default_factory=tuple)
    closed_on_holidays: bool = False
    closed_year_end: bool = False
    checked: str = "2026-12-01"

    def is_open_at(self, moment: datetime.datetime) -> bool:
        if self.always_open:
            return True
        local = timezone.localtime(moment)
        day = local.date()
        if self.closed_year_end and is_year_end_closure(day):
            return False
        if self.closed_on_holidays and is_public_holiday(day):
            return False
        return any(p.covers(local) for p in self.periods)


def _t(hhmm: str) -> datetime.time:
    return datetime.time.fromisoformat(hhmm)


SUPPORT_LINES: tuple[SupportLine, ...] = (
    SupportLine(
        key="tokyo-hikikomori-support-net",
        name=_("東京都ひきこもりサポートネット"),
        phone="+81120529528",
        hours_label=_("月曜日〜金曜日 10時〜17時（祝日・年末年始は休み）"),
        description=_(
            "東京都のひきこもりの相談窓口です。電話・メールで相談できます。"
            "ご家族からの相談もできます。名前を言わなくても相談できます。"
        ),
        kind="prefecture",
        prefecture="13",
        url="https://www.hikikomori-tokyo.jp/",
        periods=(Period(WEEKDAYS, _t("10:00"), _t("17:00")),),
        closed_on_holidays=True,
        closed_year_end=True,
    ),
    SupportLine(
        key="tokyo-inochi",
        name=_("東京いのちの電話"),
        phone="+81332644343",
        hours_label=_("24時間・毎日"),
        description=_("死にたいほどつらいとき、だれかに話を聞いてほしいときの電話です。"),
        kind="crisis",
        prefecture="13",
        always_open=True,
    ),
    SupportLine(
        key="inochi-navi",
        name=_("いのちの電話（ナビダイヤル）"),
        phone="+81570783556",
        hours_label=_("毎日 10時〜22時"),
        description=_("全国のいのちの電話につながります（通話料がかかります）。"),
        kind="crisis",
        periods=(Period(EVERY_DAY, _t("10:00"), _t("22:00")),),
    ),
    SupportLine(
        key="inochi-free",
        name=_("いのちの電話（フリーダイヤル）"),
        phone="+81120783556",
        hours_label=_("毎日 16時〜21時"),
        description=_("無料でかけられます。"),
        kind="crisis",
        periods=(Period(EVERY_DAY, _t("16:00"), _t("21:00")),),
    ),
    SupportLine(
        key="yorisoi",
        name=_("よりそいホットライン"),
        phone="+81120279338",
        hours_label=_("24時間・毎日"),
        description=_("どんな悩みでも相談できます。無料です。"),
        kind="crisis",
        always_open=True,
    ),
)


def lines_for(prefecture_codes: set[str] | None) -> tuple[list[SupportLine], list[SupportLine]]:
    """(the prefecture's services, the crisis lines) for these prefectures; None = the
    municipality is unknown: every prefecture's lines are shown."""

    def applies(line: SupportLine) -> bool:
        return (
            not line.prefecture or prefecture_codes is None or line.prefecture in prefecture_codes
        )

    lines = [line for line in SUPPORT_LINES if applies(line)]
    return (
        [line for line in lines if line.kind == "prefecture"],
        [line for line in lines if line.kind == "crisis"],
    )
