"""Template filters for Japanese display conventions."""

import datetime
import functools
from typing import Any

from django import template
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


def _local_day(value: datetime.datetime) -> datetime.date:
    """The local (Asia/Tokyo) date of a datetime, also when a caller passes it in UTC."""
    return timezone.localdate(value) if timezone.is_aware(value) else value.date()


@register.filter(expects_localtime=True)
def wareki(value: datetime.date | None) -> str:
    """令和6年4月1日（2024年） style, the way staff read dates. A datetime arrives in local time
    (Asia/Tokyo; expects_localtime), so its date is the local date, never the UTC one."""
    if not value:
        return ""
    from tsunagu.jp.wareki import format_wareki

    if isinstance(value, datetime.datetime):
        value = _local_day(value)
    return format_wareki(value, style="with_seireki")


@register.simple_tag
def time_element(value: datetime.datetime | None) -> str:
    """``<time datetime="ISO">令和6年4月1日（2024年） 10:00</time>`` in local time: one
    conversion where ``date:'c'``, ``wareki`` and ``time:"H:i"`` made three (a timeline page
    shows it on every entry)."""
    if not value:
        return ""
    from tsunagu.jp.wareki import format_wareki

    local = timezone.localtime(value) if timezone.is_aware(value) else value
    day = format_wareki(local.date(), style="with_seireki")
    return format_html('<time datetime="{}">{} {}</time>', local.isoformat(), day, f"{local:%H:%M}")


@register.filter(expects_localtime=True)
def public_date(value: datetime.date | None) -> str:
    """A date on the public site: 和暦 in Japanese, "Thu 3 December 2026" in English."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = _local_day(value)
    if translation.get_language() == "ja":
        return wareki(value)
    return value.strftime("%a %-d %B %Y")


@register.filter
def join_list(values: list[str]) -> str:
    """Join labels the way the current language lists them (「、」 in Japanese)."""
    return str(_("、")).join(str(v) for v in values)


@register.filter
def phone_jp(value: str | None) -> str:
    if not value:
        return ""
    from tsunagu.jp.phone import format_phone_jp

    try:
        return format_phone_jp(value)
    except ValueError:
        return value


@register.filter
def tel_href(value: str | None) -> str:
    return f"tel:{value}" if value else ""


@register.filter
def role_labels(value: str | None) -> str:
    """'counsellor,supervisor' (as stored in the audit log) → 「相談員・スーパーバイザー」."""
    if not value:
        return ""
    labels = _role_choices()
    return "・".join(str(labels.get(code, code)) for code in value.split(","))


@functools.cache
def _role_choices() -> dict[str, Any]:
    """code → lazy label, built once (the labels translate when shown; the access log shows
    one per row)."""
    from tsunagu.accounts.roles import Role

    return dict(Role.choices)
