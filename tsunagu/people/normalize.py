"""Cleaning of person fields as typed by staff (shared by the services, forms and the API).

フリガナ → full-width katakana, phone → E.164, birth date → a PartialDate from ISO, 和暦, a
year, an age or an age band. Errors are ValidationError keyed by field, in Japanese.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from tsunagu.jp.names import validate_furigana
from tsunagu.jp.partial_dates import PartialDate, parse_partial
from tsunagu.jp.phone import normalize_phone

from .models import Sex

PERSON_EDITABLE = frozenset(
    {
        "family_name",
        "given_name",
        "family_name_kana",
        "given_name_kana",
        "nickname",
        "sex",
        "birth",
        "birth_text",
        "birth_date",
        "phone",
        "address",
        "district",
        "contact_notes",
        "notes",
    }
)
BIRTH_FIELDS = ("birth_date", "birth_date_precision", "stated_age", "age_band", "age_as_of")


def parse_birth(value: Any, today: datetime.date | None = None) -> PartialDate:
    """A birth date given as a PartialDate, a date, ISO/和暦/partial text, or None."""
    if value is None:
        return PartialDate()
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, datetime.date):
        return PartialDate.from_date(value)
    try:
        return parse_partial(str(value), today or timezone.localdate())
    except ValueError as error:
        raise ValidationError({"birth_date": str(error)}) from None


def clean_person_fields(
    fields: dict[str, Any], today: datetime.date | None = None
) -> dict[str, Any]:
    """Return model field values for ``fields`` (see PERSON_EDITABLE), normalised.

    Birth input (``birth``, ``birth_text`` or ``birth_date``) becomes the five birth fields.
    """
    unknown = set(fields) - PERSON_EDITABLE
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, value in fields.items():
        if name in ("birth", "birth_text", "birth_date"):
            continue
        if value is None and name != "sex":
            value = ""
        if name in ("family_name_kana", "given_name_kana"):
            try:
                value = validate_furigana(value)
            except ValueError as error:
                errors.setdefault(name, []).append(str(error))
                continue
        elif name == "phone" and value.strip():
            try:
                value = normalize_phone(value)
            except ValueError as error:
                errors.setdefault(name, []).append(str(error))
                continue
        elif name == "sex":
            value = value or Sex.UNKNOWN
            if value not in Sex.values:
                errors.setdefault(name, []).append("性別の値が正しくありません。")
                continue
        elif isinstance(value, str):
            value = value.strip()
        cleaned[name] = value
    birth_inputs = [n for n in ("birth", "birth_text", "birth_date") if n in fields]
    if len(birth_inputs) > 1:
        raise TypeError("give the birth date once (birth, birth_text or birth_date)")
    if birth_inputs:
        try:
            partial = parse_birth(fields[birth_inputs[0]], today)
        except ValidationError as error:
            errors.setdefault("birth_date", []).extend(error.message_dict["birth_date"])
        else:
            cleaned.update(birth_values(partial))
    if errors:
        raise ValidationError(errors)
    return cleaned


def birth_values(partial: PartialDate) -> dict[str, Any]:
    precision = partial.precision
    return {
        "birth_date": partial.earliest() if precision in ("day", "month", "year") else None,
        "birth_date_precision": precision,
        "stated_age": partial.age,
        "age_band": partial.age_band,
        "age_as_of": partial.age_as_of,
    }
