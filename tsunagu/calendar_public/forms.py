"""The calendar's filter (GET, no JavaScript) and the statistics period."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.core.validation.date_fields import WarekiDateField
from tsunagu.programmes.models import Audience, Kind
from tsunagu.tenancy.models import Municipality

from .queries import CalendarFilter

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
FIRST_YEAR, LAST_YEAR = 2000, 2100
ANY = [("", _("すべて"))]


class CalendarFilterForm(forms.Form):
    """Every field is optional and a value it does not know is dropped, not an error: a filter
    link is often shared or shortened, and a page of sessions is more useful than a refusal."""

    municipality = forms.ChoiceField(label=_("自治体"), required=False)
    kind = forms.ChoiceField(label=_("種類"), required=False, choices=ANY + list(Kind.choices))
    audience = forms.ChoiceField(
        label=_("対象"), required=False, choices=ANY + list(Audience.choices)
    )
    month = forms.CharField(required=False, max_length=7)

    def __init__(self, data: Any, municipalities: list[Municipality]) -> None:
        super().__init__(data)
        self._municipalities = {m.code: m for m in municipalities}
        self.fields["municipality"].choices = ANY + [(m.code, m.name) for m in municipalities]

    def _value(self, name: str) -> str:
        if not self.is_bound:
            return ""
        self.is_valid()
        return self.cleaned_data.get(name) or ""

    def wanted(self) -> CalendarFilter:
        return CalendarFilter(
            municipality=self._municipalities.get(self._value("municipality")),
            kind=self._value("kind"),
            audience=self._value("audience"),
        )

    def month_shown(self, today: datetime.date | None = None) -> datetime.date:
        """The first day of the month asked for (?month=2026-12), or of this month."""
        today = today or timezone.localdate()
        match = MONTH.match(self._value("month"))
        if match:
            year, month = int(match[1]), int(match[2])
            if FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12:
                return datetime.date(year, month, 1)
        return today.replace(day=1)

    def for_links(self) -> dict[str, str]:
        """The chosen filters as query parameters (for the month links and the feeds)."""
        wanted = self.wanted()
        values = {
            "municipality": wanted.municipality.code if wanted.municipality else "",
            "kind": wanted.kind,
            "audience": wanted.audience,
        }
        return {k: v for k, v in values.items() if v}


def fiscal_year_start(day: datetime.date) -> datetime.date:
    """The first day of the 年度 (April–March) that `day` falls in."""
    return datetime.date(day.year if day.month >= 4 else day.year - 1, 4, 1)


class StatisticsPeriodForm(forms.Form):
    """A period in local dates (和暦 or 西暦); the default is this month so far."""

    date_from = WarekiDateField(label=_("開始日"), required=False)
    date_to = WarekiDateField(label=_("終了日"), required=False)
    municipality = forms.ChoiceField(label=_("自治体"), required=False)

    MAX_DAYS = 3 * 366

    def __init__(self, data: Any, municipalities: list[Municipality]) -> None:
        super().__init__(data)
        self._municipalities = {str(m.pk): m for m in municipalities}
        choices = [(str(m.pk), m.name) for m in municipalities]
        self.fields["municipality"].choices = (ANY if len(choices) > 1 else []) + choices

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        for name, day in (("date_from", start), ("date_to", end)):
            if day and not FIRST_YEAR <= day.year <= LAST_YEAR:
                self.add_error(
                    name, f"{FIRST_YEAR}年から{LAST_YEAR}年までの日付を入力してください。"
                )
                return data
        if start and end:
            if start > end:
                self.add_error("date_to", "終了日は開始日より後の日付にしてください。")
            elif (end - start).days > self.MAX_DAYS:
                self.add_error("date_to", "期間は3年以内にしてください。")
        return data

    def period(self, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
        today = today or timezone.localdate()
        start, end = today.replace(day=1), today
        if self.is_bound and self.is_valid():
            start = self.cleaned_data.get("date_from") or start
            end = self.cleaned_data.get("date_to") or max(end, start)
        return start, end

    def chosen_municipalities(self) -> list[Municipality]:
        if self.is_bound and self.is_valid():
            chosen = self._municipalities.get(self.cleaned_data.get("municipality") or "")
            if chosen is not None:
                return [chosen]
        return list(self._municipalities.values())
