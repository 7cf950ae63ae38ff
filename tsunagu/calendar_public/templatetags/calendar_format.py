"""Dates the way a calendar page says them: 「12月5日（土）」 / "Sat 5 December"."""

import datetime

from django import template
from django.utils import timezone, translation
from django.utils.translation import pgettext

register = template.Library()


def _weekday_short(day: int) -> str:
    return (
        pgettext("weekday short", "月"),
        pgettext("weekday short", "火"),
        pgettext("weekday short", "水"),
        pgettext("weekday short", "木"),
        pgettext("weekday short", "金"),
        pgettext("weekday short", "土"),
        pgettext("weekday short", "日"),
    )[day]


def _as_date(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


@register.filter
def day_label(value: datetime.date | datetime.datetime | None) -> str:
    if not value:
        return ""
    day = _as_date(value)
    weekday = _weekday_short(day.weekday())
    if translation.get_language() == "ja":
        return f"{day.month}月{day.day}日（{weekday}）"
    return f"{weekday} {day.day} {day:%B}"


@register.filter
def full_day_label(value: datetime.date | datetime.datetime | None) -> str:
    """With the year: 「2026年12月5日（土）」 / "Sat 5 December 2026"."""
    if not value:
        return ""
    day = _as_date(value)
    if translation.get_language() == "ja":
        return f"{day.year}年{day_label(day)}"
    return f"{day_label(day)} {day.year}"


@register.filter
def month_label(value: datetime.date | None) -> str:
    if not value:
        return ""
    if translation.get_language() == "ja":
        return f"{value.year}年{value.month}月"
    return f"{value:%B %Y}"
