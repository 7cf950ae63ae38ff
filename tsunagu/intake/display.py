"""Showing answers with the labels and codes of their OWN form version (pure functions)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from tsunagu.jp.onset import Onset
from tsunagu.jp.wareki import format_readout, format_wareki, to_wareki

from .answers import partial_from_json
from .schema import DATE, GROUP, MULTI, PARTIAL_DATE, PERIOD, choices_of, iter_fields

DATE_TYPES = frozenset({DATE, PARTIAL_DATE, PERIOD})


def _wareki_or_iso(day: datetime.date, style: str = "long") -> str:
    try:
        return format_wareki(day, style)  # type: ignore[arg-type]
    except ValueError:
        return day.isoformat()


def input_text(field: dict[str, Any], value: Any) -> str:
    """A cleaned answer as text to put back into an input (和暦 for dates)."""
    if value is None:
        return ""
    kind = field["type"]
    try:
        if kind == DATE and isinstance(value, str):
            return _wareki_or_iso(datetime.date.fromisoformat(value))
        if kind == PARTIAL_DATE:
            partial = partial_from_json(value)
            if partial.precision == "unknown":
                return "不明"
            if partial.precision == "age":
                return f"{partial.age}歳"
            if partial.precision == "band":
                return f"{partial.age_band}代"
            first = datetime.date(partial.year, partial.month or 1, partial.day or 1)
            if partial.precision == "day":
                return _wareki_or_iso(first)
            era, year = to_wareki(first)
            month = f"{partial.month}月" if partial.month else ""
            return f"{era.name}{year}年{month}" if year > 0 else str(partial.year)
        if kind == PERIOD:
            return _period_input(Onset.from_json(value))
    except (ValueError, TypeError, OverflowError, AttributeError):
        return str(value)
    return str(value)


def _period_input(onset: Onset) -> str:
    """An onset as text that reads back the same (relative words are already resolved)."""
    if onset.year is not None:
        text = f"{onset.year}年" + (f"{onset.month}月" if onset.month else "")
        text += f"{onset.day}日" if onset.day else ""
        return text + ("頃" if onset.approx else "")
    return onset.display()


def parsed_text(field: dict[str, Any], value: Any) -> str:
    """How the system read a date answer: 「昭和60年4月1日（1985年）」."""
    try:
        if field["type"] == DATE and isinstance(value, str):
            return format_readout(datetime.date.fromisoformat(value))
        if field["type"] == PARTIAL_DATE and value is not None:
            return partial_from_json(value).display()
        if field["type"] == PERIOD and value is not None:
            return Onset.from_json(value).display()
    except (ValueError, TypeError, OverflowError):
        return ""
    return ""


def display_text(field: dict[str, Any], value: Any) -> str:
    """A cleaned answer as read-only text, with this version's labels."""
    if value is None or value == [] or value == "":
        return ""
    kind = field["type"]
    labels = {c["code"]: c["label"] for c in choices_of(field)}
    if kind == MULTI and isinstance(value, list):
        return "、".join(labels.get(v, str(v)) for v in value)
    if labels and isinstance(value, str):
        return labels.get(value, value)
    if kind in DATE_TYPES:
        return parsed_text(field, value) or str(value)
    return str(value)


@dataclass
class Row:
    key: str
    label: str
    text: str
    sensitivity: str
    readable: bool
    table: list[list[str]] | None = None
    headers: list[str] = field(default_factory=list)


@dataclass
class Section:
    title: str
    rows: list[Row]


def render_answers(
    schema: dict[str, Any], answers: dict[str, Any], readable: frozenset[str] | set[str]
) -> list[Section]:
    """Every answered field, section by section; values of unreadable classes are masked."""
    sections: dict[str, Section] = {}
    for section, f in iter_fields(schema):
        value = answers.get(f["key"]) if isinstance(answers, dict) else None
        if value is None or value == [] or value == "":
            continue
        ok = f["sensitivity"] in readable
        row = Row(f["key"], f["label"], "", f["sensitivity"], ok)
        if ok and f["type"] == GROUP and isinstance(value, list):
            subs = f["fields"]
            row.headers = [s["label"] for s in subs]
            row.table = [
                [
                    display_text(s, r.get(s["key"])) if s["sensitivity"] in readable else "＊＊＊"
                    for s in subs
                ]
                for r in value
                if isinstance(r, dict)
            ]
        elif ok:
            row.text = display_text(f, value)
        sections.setdefault(section["key"], Section(section["title"], [])).rows.append(row)
    return list(sections.values())
