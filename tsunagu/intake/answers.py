"""Answers to an intake form: checked and normalised against the schema of one version.

Cleaned answers are JSON: text → str, number → int/float, date → ISO 「1985-04-01」,
partial_date → {"year", "month"?, "day"?} | {"age", "as_of"} | {"band", "as_of"} |
{"unknown": true}, period (when something began) → tsunagu.jp.onset.Onset.to_json, e.g.
{"year": 2016, "approx": true} | {"age": 42} | {"school_stage": "中学生"}, single choice / yes-no-unknown → code, multi choice → [codes] (in the order
of the code list), group → [{sub_key: value}]. Empty answers are left out. Cleaning cleaned
answers again gives the same answers.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from tsunagu.core.validation import clean_birth, clean_recorded_date, clean_text
from tsunagu.core.validation.errors import first_message
from tsunagu.jp.onset import Onset, parse_onset
from tsunagu.jp.partial_dates import PartialDate, parse_partial
from tsunagu.jp.wareki import parse_date

from .schema import (
    CHOICE_TYPES,
    DATE,
    DEFAULT_MAX_LENGTH,
    DEFAULT_MAX_ROWS,
    GROUP,
    MULTI,
    NUMBER,
    PARTIAL_DATE,
    PERIOD,
    SINGLE,
    UNKNOWN,
    YES_NO_UNKNOWN,
    choices_of,
    core_fields,
    iter_fields,
)

DECIDED_URGENCY = frozenset({"high", "medium", "low"})
RISK_NEEDS_URGENCY = "リスク項目に該当があります。緊急度（高・中・低）を判断して選んでください。"
_NUMBER = re.compile(r"[+-]?\d{1,12}(\.\d{1,6})?", re.ASCII)


class _FieldError(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def _text(value: Any, limit: int) -> str | None:
    try:
        return clean_text(value, max_length=limit) or None
    except ValidationError as error:
        raise _FieldError(first_message(error)) from None


def _number(field: dict[str, Any], value: Any) -> int | float | None:
    if isinstance(value, str):
        text = _text(value, 40)
        if text is None:
            return None
        text = unicodedata.normalize("NFKC", text).replace(",", "")
        if not _NUMBER.fullmatch(text):
            raise _FieldError("数値で入力してください。")
        value = float(text) if "." in text else int(text)
    if type(value) not in (int, float) or not math.isfinite(value) or abs(value) >= 1e12:
        raise _FieldError("数値で入力してください。")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    low, high = field.get("min"), field.get("max")
    if low is not None and value < low:
        raise _FieldError(f"{low}以上で入力してください。")
    if high is not None and value > high:
        raise _FieldError(f"{high}以下で入力してください。")
    return value


def _date(value: Any, today: datetime.date) -> str | None:
    text = _text(value, 60)
    if text is None:
        return None
    try:
        day = parse_date(text)
    except (ValueError, OverflowError) as error:
        raise _FieldError(str(error) or "日付として読み取れません。") from None
    try:
        return clean_recorded_date(day, today=today).isoformat()
    except ValidationError as error:
        raise _FieldError(first_message(error)) from None


def _check_birth(value: Any, today: datetime.date) -> None:
    """The person's birth date answer lies in 1900 … today (core.validation.clean_birth)."""
    try:
        if isinstance(value, dict):
            clean_birth(partial_from_json(value), today=today)
        elif isinstance(value, str):
            clean_birth(datetime.date.fromisoformat(value), today=today)
    except ValidationError as error:
        raise _FieldError(first_message(error)) from None


def partial_to_json(value: PartialDate) -> dict[str, Any]:
    if value.age is not None:
        return {"age": value.age, "as_of": value.age_as_of.isoformat()}
    if value.age_band is not None:
        return {"band": value.age_band, "as_of": value.age_as_of.isoformat()}
    if value.year is None:
        return {"unknown": True}
    out: dict[str, Any] = {"year": value.year}
    if value.month is not None:
        out["month"] = value.month
    if value.day is not None:
        out["day"] = value.day
    return out


def partial_from_json(value: Any) -> PartialDate:
    """The PartialDate of a cleaned answer; ValueError for anything else."""
    if not isinstance(value, dict) or not value:
        raise ValueError("形式が正しくありません")
    keys = set(value)
    if keys == {"unknown"} and value["unknown"] is True:
        return PartialDate()
    if not all(type(v) is int for k, v in value.items() if k != "as_of"):
        raise ValueError("形式が正しくありません")
    if keys in ({"age", "as_of"}, {"band", "as_of"}):
        as_of = value["as_of"]
        if not isinstance(as_of, str):
            raise ValueError("形式が正しくありません")
        day = datetime.date.fromisoformat(as_of)
        if "age" in keys:
            return PartialDate(age=value["age"], age_as_of=day)
        return PartialDate(age_band=value["band"], age_as_of=day)
    if keys in ({"year"}, {"year", "month"}, {"year", "month", "day"}):
        if not 1 <= value["year"] <= 9999:
            raise ValueError("年が正しくありません")
        return PartialDate(value["year"], value.get("month"), value.get("day"))
    raise ValueError("形式が正しくありません")


def _partial(value: Any, today: datetime.date) -> dict[str, Any] | None:
    if isinstance(value, dict):
        try:
            return partial_to_json(partial_from_json(value))
        except (ValueError, TypeError, OverflowError):
            raise _FieldError("日付・年齢の形式が正しくありません。") from None
    text = _text(value, 60)
    if text is None:
        return None
    try:
        return partial_to_json(parse_partial(text, today))
    except (ValueError, OverflowError) as error:
        raise _FieldError(str(error) or "日付・年齢として読み取れません。") from None


def _period(value: Any, today: datetime.date) -> dict[str, Any] | None:
    """When something began, as said (「10年前」「平成28年頃」「42歳頃」「中学生の頃」),
    relative words counted from ``today`` (the intake's local date)."""
    if isinstance(value, dict):
        try:
            return Onset.from_json(value).to_json()
        except (ValueError, TypeError, OverflowError):
            raise _FieldError("時期の形式が正しくありません。") from None
    text = _text(value, 60)
    if text is None:
        return None
    try:
        return parse_onset(text, today).to_json()
    except (ValueError, OverflowError) as error:
        raise _FieldError(str(error) or "時期として読み取れません。") from None


def _choice(field: dict[str, Any], value: Any) -> Any:
    codes = [c["code"] for c in choices_of(field)]
    if field["type"] == MULTI:
        if isinstance(value, str):
            value = [value] if value else []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _FieldError("選択肢から選んでください。")
        if any(v not in codes for v in value):
            raise _FieldError("選択肢にない値が含まれています。")
        chosen = set(value)
        return [c for c in codes if c in chosen] or None
    if value == "" or value is None:
        return None
    if not isinstance(value, str) or value not in codes:
        raise _FieldError("選択肢から選んでください。")
    return value


def clean_value(field: dict[str, Any], value: Any, today: datetime.date) -> Any:
    """One answer, cleaned (None when empty); raises _FieldError."""
    kind = field["type"]
    if value is None:
        return None
    if kind in DEFAULT_MAX_LENGTH:
        return _text(value, field.get("max_length", DEFAULT_MAX_LENGTH[kind]))
    if kind == NUMBER:
        return _number(field, value)
    if kind == DATE:
        return _date(value, today)
    if kind == PARTIAL_DATE:
        return _partial(value, today)
    if kind == PERIOD:
        return _period(value, today)
    if kind in CHOICE_TYPES or kind == YES_NO_UNKNOWN:
        return _choice(field, value)
    raise _FieldError("この項目には回答できません。")  # pragma: no cover - groups go elsewhere


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def is_visible(field: dict[str, Any], answers: dict[str, Any]) -> bool:
    """Whether the field's display condition holds for these (cleaned) answers."""
    condition = field.get("show_if")
    if not condition:
        return True
    value = answers.get(condition["field"])
    values = condition.get("values") or []
    if not values:
        return not _empty(value)
    if isinstance(value, list):
        return any(v in values for v in value)
    return value in values


def _group(
    field: dict[str, Any],
    value: Any,
    partial: bool,
    today: datetime.date,
    errors: dict[str, list[str]],
) -> list[dict[str, Any]] | None:
    key = field["key"]
    if not isinstance(value, list):
        errors[key] = ["行の一覧の形式で入力してください。"]
        return None
    limit = field.get("max_rows", DEFAULT_MAX_ROWS)
    if len(value) > limit:
        errors[key] = [f"{limit}行以内で入力してください。"]
        return None
    subfields = {sub["key"]: sub for sub in field["fields"]}
    rows: list[dict[str, Any]] = []
    for index, row in enumerate(value):
        where = f"{key}.{index}"
        if not isinstance(row, dict):
            errors[where] = ["行の形式が正しくありません。"]
            continue
        cleaned: dict[str, Any] = {}
        for sub_key in row:
            if sub_key not in subfields:
                errors[f"{where}.{str(sub_key)[:40]}"] = ["この表にない項目です。"]
        for sub_key, sub in subfields.items():
            try:
                sub_value = clean_value(sub, row.get(sub_key), today)
            except _FieldError as error:
                errors[f"{where}.{sub_key}"] = [f"{sub['label']}：{error.message}"]
                continue
            if not _empty(sub_value):
                cleaned[sub_key] = sub_value
        if not cleaned:
            continue
        if not partial:
            for sub_key, sub in subfields.items():
                if sub.get("required") and sub_key not in cleaned:
                    errors[f"{where}.{sub_key}"] = [f"{sub['label']}を入力してください。"]
        rows.append(cleaned)
    return rows or None


def validate_answers(
    schema: dict[str, Any],
    answers: Any,
    *,
    partial: bool = False,
    today: datetime.date | None = None,
) -> dict[str, Any]:
    """Check answers against a valid schema and return them cleaned.

    Unknown keys are rejected; each value must fit its field's type. With ``partial`` (a draft)
    required fields may be empty and hidden fields keep their answers; otherwise required
    fields must be answered when visible, answers of hidden fields are dropped, and when a
    risk item is answered the urgency must be decided. Raises ValidationError with a dict of
    Japanese messages per field key (``group.row.sub`` inside repeating groups).
    """
    if not isinstance(answers, dict):
        raise ValidationError({"__all__": ["回答の形式が正しくありません。"]})
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    fields = [field for _, field in iter_fields(schema)]
    known = {field["key"] for field in fields}
    birth = core_fields(schema).get("person_birth_date")
    for key in answers:
        if key not in known:
            errors[str(key)[:60]] = ["この受付票にない項目です。"]
    cleaned: dict[str, Any] = {}
    for field in fields:
        key, raw = field["key"], answers.get(field["key"])
        if field["type"] == GROUP:
            value = None if _empty(raw) else _group(field, raw, partial, today, errors)
        else:
            try:
                value = clean_value(field, raw, today)
                if birth is not None and key == birth["key"] and not _empty(value):
                    _check_birth(value, today)
            except _FieldError as error:
                errors[key] = [error.message]
                continue
        visible = is_visible(field, cleaned)
        if not visible and not partial:
            continue
        if _empty(value):
            if visible and not partial and field.get("required") and key not in errors:
                verb = "選んで" if field["type"] in CHOICE_TYPES | {YES_NO_UNKNOWN} else "入力して"
                errors[key] = [f"{field['label']}を{verb}ください。"]
            continue
        cleaned[key] = value
    if not partial:
        urgency = core_fields(schema).get("urgency")
        if (
            urgency
            and has_risk(schema, cleaned)
            and cleaned.get(urgency["key"]) not in DECIDED_URGENCY
        ):
            errors.setdefault(urgency["key"], []).append(RISK_NEEDS_URGENCY)
    if errors:
        raise ValidationError(errors)
    return cleaned


def risk_items(schema: dict[str, Any], answers: dict[str, Any]) -> list[dict[str, Any]]:
    """The risk fields whose (cleaned) answer is one of their risk values."""
    hits = []
    for _, field in iter_fields(schema):
        risk = field.get("risk_values")
        if not risk:
            continue
        value = answers.get(field["key"])
        values = value if isinstance(value, list) else [value]
        if any(v in risk for v in values if isinstance(v, str)):
            hits.append(field)
    return hits


def has_risk(schema: dict[str, Any], answers: dict[str, Any]) -> bool:
    return bool(risk_items(schema, answers))


__all__ = [
    "DECIDED_URGENCY",
    "SINGLE",
    "UNKNOWN",
    "clean_value",
    "has_risk",
    "is_visible",
    "partial_from_json",
    "partial_to_json",
    "risk_items",
    "validate_answers",
]
