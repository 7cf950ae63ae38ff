"""Date form fields for every date a person types: 和暦 or 西暦, full-width digits, with a
readout of how the system read it (「令和8年4月1日（2026年4月1日）」).

The readout is rendered with the input (also after a refused post) and refreshed while typing
through the ``date-readout`` view (HTMX); an unreadable value replaces it with the error, so
it never shows an earlier reading.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tsunagu.jp.onset import parse_onset
from tsunagu.jp.partial_dates import parse_partial
from tsunagu.jp.wareki import format_readout, format_wareki, parse_date, parse_datetime

from .text import clean_text

Kind = Literal["date", "datetime", "birth", "onset"]
KINDS: tuple[str, ...] = ("date", "datetime", "birth", "onset")
MAX_LENGTH = 60


def _time(value: datetime.datetime) -> str:
    return f"{value.hour}:{value.minute:02d}"


def _read(kind: str, text: str, today: datetime.date) -> str:
    if kind == "date":
        return format_readout(parse_date(text))
    if kind == "datetime":
        moment = parse_datetime(text)
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return f"{format_readout(moment.date())} {_time(moment)}"
    if kind == "birth":
        return parse_partial(text, today).display()
    return parse_onset(text, today).display()


def readout(kind: str, text: Any, today: datetime.date | None = None) -> tuple[str, bool]:
    """How ``text`` reads as a ``kind`` of date: (the reading, True) or (the error, False);
    ("", True) for empty input."""
    if kind not in KINDS:
        raise ValueError(f"unknown date kind {kind!r}")
    if not isinstance(text, str) or not text.strip():
        return "", True
    if len(text) > MAX_LENGTH:
        return f"{MAX_LENGTH}文字以内で入力してください。", False
    try:
        return _read(kind, text, today or timezone.localdate()), True
    except (ValueError, OverflowError) as error:
        return str(error) or "読み取れません。", False


class DateReadoutInput(forms.TextInput):
    """A text input with an <output> showing how its value reads (kind: date, datetime,
    birth, onset)."""

    template_name = "core/date_input.html"

    def __init__(self, kind: Kind = "date", attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.kind = kind

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime.datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            return f"{_wareki_or_iso(local.date())} {_time(local)}"
        if isinstance(value, datetime.date):
            return _wareki_or_iso(value)
        return super().format_value(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        element_id = widget["attrs"].get("id") or name
        text, ok = readout(self.kind, widget["value"])
        readout_id = f"{element_id}-readout"
        widget.update(readout=text, readout_ok=ok, readout_id=readout_id)
        described = widget["attrs"].get("aria-describedby", "")
        query = urlencode({"name": name, "id": element_id})
        widget["attrs"].update(
            {
                "aria-describedby": f"{described} {readout_id}".strip(),
                "hx-get": f"{reverse('date-readout', args=[self.kind])}?{query}",
                "hx-trigger": "input changed delay:300ms, change",
                "hx-target": f"#{readout_id}",
                "hx-swap": "outerHTML",
                "hx-sync": "this:replace",
            }
        )
        return context


def _wareki_or_iso(day: datetime.date) -> str:
    try:
        return format_wareki(day)
    except ValueError:
        return day.isoformat()


def _text(value: Any) -> str:
    try:
        return clean_text(value if isinstance(value, str) else str(value), max_length=MAX_LENGTH)
    except ValidationError as error:
        raise ValidationError(error.messages[0], code="invalid") from None


class _ReadField(forms.Field):
    """A field whose text is read by ``parse`` (ValueError → the parser's Japanese message).
    Bounds are the form's business (clean_<name> with a tsunagu.core.validation validator)."""

    kind: Kind = "date"

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", DateReadoutInput(self.kind))
        super().__init__(**kwargs)

    def parse(self, text: str) -> Any:
        raise NotImplementedError

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        text = _text(value).strip()
        if not text:
            return None
        try:
            return self.parse(text)
        except (ValueError, OverflowError) as error:
            raise ValidationError(str(error) or "読み取れません。", code="invalid") from None


class WarekiDateField(_ReadField):
    """A date typed in 和暦 or 西暦: 2026-04-01, 2026/4/1, R8.4.1, 令和8年4月1日, 令和元年5月1日,
    full-width digits … (tsunagu.jp.wareki.parse_date)."""

    kind = "date"

    def parse(self, text: str) -> datetime.date:
        return parse_date(text)

    def to_python(self, value: Any) -> datetime.date | None:
        result = super().to_python(value)
        if isinstance(result, datetime.datetime):
            return timezone.localdate(result) if timezone.is_aware(result) else result.date()
        return result


class WarekiDateTimeField(_ReadField):
    """A date and time: 「R8.4.1 10:30」, 「令和8年4月1日10時30分」, 「2026-04-01T10:30」 (local
    time, Asia/Tokyo), returned aware."""

    kind = "datetime"

    def parse(self, text: str) -> datetime.datetime:
        moment = parse_datetime(text)
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)

    def to_python(self, value: Any) -> datetime.datetime | None:
        result = super().to_python(value)
        if isinstance(result, datetime.datetime) and timezone.is_naive(result):
            return timezone.make_aware(result)
        if isinstance(result, datetime.date) and not isinstance(result, datetime.datetime):
            raise ValidationError("時刻も入力してください（例: 令和8年4月1日 10:30）。")
        return result
