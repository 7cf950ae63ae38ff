"""The navigator's result: the routing rules' suggestions for the answers, with what a person
needs to make contact (hours today, open now, channels), and the fallback lines.

The windows come from `tsunagu.routing.services.suggest_windows` (the same rules staff see at
intake); opening hours from `tsunagu.tenancy.models`; both read from the process's copy of the
public data (`tsunagu.navigator.snapshot`), so a result costs no query. Nothing here writes
anything.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.routing.models import RoutingRule
from tsunagu.routing.services import suggest_windows
from tsunagu.routing.topics import topic_label
from tsunagu.tenancy.models import (
    Channel,
    Municipality,
    Window,
    is_open_during,
)

from .answers import UNKNOWN, Answers
from .snapshot import NavigatorData
from .support_lines import SupportLine, lines_for

# The order channels are listed in on every result (GOV.UK: the same order everywhere).
CHANNEL_ORDER: tuple[tuple[str, object], ...] = (
    (Channel.VISIT_IN, gettext_lazy("窓口で相談（来所）")),
    (Channel.PHONE, gettext_lazy("電話で相談")),
    (Channel.ONLINE, gettext_lazy("オンラインで相談")),
    (Channel.OUTREACH, gettext_lazy("訪問（窓口に来るのが難しいとき、ご自宅などへ伺います）")),
    (Channel.EMAIL, gettext_lazy("メールで相談")),
    (Channel.LINE, gettext_lazy("LINEなどで相談")),
)


@dataclass
class WindowAdvice:
    window: Window
    reason: str
    open_now: bool
    hours_today: list[tuple[datetime.time, datetime.time]]
    channels: list[object]
    rule_id: int | None = None  # the rule that suggested the window (None: no rule matched)


@dataclass
class LineAdvice:
    line: SupportLine
    open_now: bool


@dataclass
class Result:
    answers: Answers
    municipality: Municipality | None
    windows: list[WindowAdvice] = field(default_factory=list)
    age_dependent: list[WindowAdvice] = field(default_factory=list)
    matched_rules: bool = True
    prefecture_lines: list[LineAdvice] = field(default_factory=list)
    crisis_lines: list[LineAdvice] = field(default_factory=list)
    topic_labels: list[str] = field(default_factory=list)
    now: datetime.datetime | None = None


def _public_reason(rule: RoutingRule | None) -> str:
    if rule is None:
        return ""
    if rule.has_age_condition:
        return _("%(ages)sの方の窓口です。") % {"ages": rule.age_label()}
    if rule.topics:
        labels = _("、").join(topic_label(t) for t in rule.topics)
        return _("「%(topics)s」の相談の窓口です。") % {"topics": labels}
    return _("年齢を問わず相談できます。")


def _channels(window: Window) -> list[object]:
    codes = set(window.channels)
    if window.does_outreach:
        codes.add(Channel.OUTREACH)
    return [label for code, label in CHANNEL_ORDER if code in codes]


def _advice(
    windows: list[tuple[Window, RoutingRule | None]],
    now: datetime.datetime,
    data: NavigatorData,
) -> list[WindowAdvice]:
    advice = []
    for w, r in windows:
        if not w.is_public:
            continue
        hours = data.hours_on(w, now.date())
        advice.append(
            WindowAdvice(
                window=w,
                reason=_public_reason(r),
                open_now=is_open_during(hours, now.time()),
                hours_today=hours,
                channels=_channels(w),
                rule_id=r.pk if r is not None else None,
            )
        )
    return advice


def navigate(answers: Answers, now: datetime.datetime, data: NavigatorData) -> Result:
    """The result page's content for complete answers (`now` in local time), from the public
    data `data` (answers are checked against it: a municipality is one of its codes)."""
    municipality = data.by_code.get(answers.municipality)
    topics = [t for t in answers.topics if t != UNKNOWN]
    result = Result(
        answers=answers,
        municipality=municipality,
        topic_labels=[topic_label(t) for t in topics],
        now=now,
    )
    if municipality is not None:
        suggestions = suggest_windows(
            municipality,
            age=answers.age_number,
            topics=topics,
            rules=data.rules[municipality.pk],
        )
        result.windows = _advice([(s.window, s.rule) for s in suggestions], now, data)
        result.age_dependent = _advice(
            [(s.window, s.rule) for s in suggestions.age_dependent], now, data
        )
        if not result.windows and not result.age_dependent:
            # No rule matches: every public window of the municipality, so that nobody is left
            # without a number to call.
            result.matched_rules = False
            windows = data.public_windows[municipality.pk]
            result.windows = _advice([(w, None) for w in windows], now, data)
    prefectures = {municipality.prefecture.code} if municipality is not None else None
    prefecture_lines, crisis_lines = lines_for(prefectures)
    result.prefecture_lines = [LineAdvice(line, line.is_open_at(now)) for line in prefecture_lines]
    result.crisis_lines = [LineAdvice(line, line.is_open_at(now)) for line in crisis_lines]
    return result
