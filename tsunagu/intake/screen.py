"""The intake screen: form data ⇄ answers, and the fields as the template shows them.

Inputs are named ``f-<key>``; rows of a repeating group ``g-<key>-<row>-<sub>`` with the row
count in ``g-<key>-rows``. The core items come first, in a fixed order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

from .display import DATE_TYPES, input_text, parsed_text
from .schema import (
    CHOICE_TYPES,
    DEFAULT_MAX_ROWS,
    GROUP,
    MULTI,
    YES_NO_UNKNOWN,
    choices_of,
    field_map,
    iter_fields,
)

CORE_FIRST = (
    "channel",
    "consulter_relation",
    "person_sex",
    "person_birth_date",
    "urgency",
    "consent",
)


def _value(data: QueryDict, f: dict[str, Any], name: str) -> Any:
    if f["type"] == MULTI:
        return [v for v in data.getlist(name) if v]
    return data.get(name, "")


def _row_count(data: QueryDict, f: dict[str, Any]) -> int:
    try:
        rows = int(data.get(f"g-{f['key']}-rows", "0"))
    except ValueError:
        return 0
    return max(0, min(rows, f.get("max_rows", DEFAULT_MAX_ROWS) + 1))


def answers_from_post(schema: dict[str, Any], data: QueryDict) -> dict[str, Any]:
    """Raw answers (strings, lists) for every field of the schema; absent inputs are empty."""
    answers: dict[str, Any] = {}
    for _, f in iter_fields(schema):
        key = f["key"]
        if f["type"] != GROUP:
            answers[key] = _value(data, f, f"f-{key}")
            continue
        rows = []
        for index in range(_row_count(data, f)):
            row = {s["key"]: _value(data, s, f"g-{key}-{index}-{s['key']}") for s in f["fields"]}
            if any(v not in ("", []) for v in row.values()):
                rows.append(row)
        answers[key] = rows
    return answers


@dataclass
class Choice:
    code: str
    label: str
    checked: bool


@dataclass
class FieldView:
    key: str
    name: str
    id: str
    label: str
    help: str
    type: str
    required: bool
    sensitivity: str
    value: str = ""
    choices: list[Choice] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    condition: str = ""
    show_if_name: str = ""  # the input the display condition watches (f-<key>)
    show_if_values: str = ""  # space-separated codes; empty = shown once it is answered
    parsed: str = ""
    parsed_error: str = ""  # replaces the reading when the latest input could not be read
    risk: bool = False
    autofocus: bool = False
    headers: list[str] = field(default_factory=list)
    rows: list[list[FieldView]] = field(default_factory=list)
    row_count: int = 0

    @property
    def is_choice(self) -> bool:
        return self.type in CHOICE_TYPES or self.type == YES_NO_UNKNOWN

    @property
    def is_date(self) -> bool:
        return self.type in DATE_TYPES

    @property
    def as_radios(self) -> bool:
        return self.type == YES_NO_UNKNOWN or (self.type != MULTI and len(self.choices) <= 5)


def _condition_text(f: dict[str, Any], fields: dict[str, dict[str, Any]]) -> str:
    condition = f.get("show_if")
    if not condition or condition["field"] not in fields:
        return ""
    target = fields[condition["field"]]
    labels = {c["code"]: c["label"] for c in choices_of(target)}
    values = condition.get("values") or []
    if not values:
        return f"「{target['label']}」に回答がある場合"
    return f"「{target['label']}」が「{'・'.join(labels.get(v, v) for v in values)}」の場合"


def _view(f: dict, name: str, raw: Any, cleaned: bool, errors: list[str]) -> FieldView:
    view = FieldView(
        key=f["key"],
        name=name,
        id=f"id-{name}",
        label=f["label"],
        help=f.get("help", ""),
        type=f["type"],
        required=bool(f.get("required")),
        sensitivity=f["sensitivity"],
        errors=errors,
        risk=bool(f.get("risk_values")),
    )
    selected = raw if isinstance(raw, list) else [raw]
    view.choices = [Choice(c["code"], c["label"], c["code"] in selected) for c in choices_of(f)]
    if not view.is_choice:
        view.value = input_text(f, raw) if cleaned else ("" if raw is None else str(raw))
        view.parsed = parsed_text(f, raw) if cleaned else ""
    return view


def build_fields(
    schema: dict[str, Any],
    values: dict[str, Any],
    errors: dict[str, list[str]] | None = None,
    *,
    cleaned: bool = True,
) -> list[dict[str, Any]]:
    """Sections of FieldViews: 基本項目 (core items) first, then the schema's sections.

    `values` are cleaned answers (`cleaned=True`) or the raw answers of a rejected post.
    """
    errors = errors or {}
    fields = field_map(schema)
    core = {f.get("core"): f for f in fields.values() if f.get("core") in CORE_FIRST}
    core_keys = {core[name]["key"] for name in CORE_FIRST if name in core}

    def view(f: dict[str, Any]) -> FieldView:
        key = f["key"]
        if f["type"] != GROUP:
            v = _view(f, f"f-{key}", values.get(key), cleaned, errors.get(key, []))
            v.condition = _condition_text(f, fields)
            if v.condition:
                v.show_if_name = f"f-{f['show_if']['field']}"
                v.show_if_values = " ".join(f["show_if"].get("values") or [])
            return v
        group = _view(f, f"g-{key}", None, cleaned, errors.get(key, []))
        rows = [r for r in (values.get(key) or []) if isinstance(r, dict)]
        limit = f.get("max_rows", DEFAULT_MAX_ROWS)
        group.row_count = min(len(rows) + 1, limit)
        group.headers = [s["label"] for s in f["fields"]]
        for index in range(group.row_count):
            row = rows[index] if index < len(rows) else {}
            group.rows.append(
                [
                    _view(
                        s,
                        f"g-{key}-{index}-{s['key']}",
                        row.get(s["key"]),
                        cleaned,
                        errors.get(f"{key}.{index}.{s['key']}", []),
                    )
                    for s in f["fields"]
                ]
            )
        return group

    out = [
        {
            "key": "core",
            "title": "基本項目",
            "fields": [view(core[name]) for name in CORE_FIRST if name in core],
        }
    ]
    for section in schema["sections"]:
        views = [view(f) for f in section["fields"] if f["key"] not in core_keys]
        if views:
            out.append({"key": section["key"], "title": section["title"], "fields": views})
    core_views = out[0]["fields"]
    if core_views:  # the cursor starts at the first core item not answered yet
        empty = [v for v in core_views if not v.value and not any(c.checked for c in v.choices)]
        (empty or core_views)[0].autofocus = True
    return out
