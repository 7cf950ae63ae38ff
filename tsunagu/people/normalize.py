"""Cleaning of person fields as typed by staff (the services' last check before the database;
the forms and the API check with the same validators of `tsunagu.core.validation`).

フリガナ → full-width katakana, phone → E.164, birth date → a PartialDate from ISO, 和暦, a
year, an age or an age band (1900 … today). Errors are ValidationError keyed by field, in
Japanese.
"""

from __future__ import annotations

import datetime
from functools import partial
from typing import Any

from tsunagu.core.validation import (
    clean_birth,
    clean_choice,
    clean_kana,
    clean_model_text,
    clean_phone,
    gather,
    max_length_of,
)
from tsunagu.jp.partial_dates import PartialDate

from .models import Person, Sex

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
BIRTH_INPUTS = ("birth", "birth_text", "birth_date")
BIRTH_FIELDS = ("birth_date", "birth_date_precision", "stated_age", "age_band", "age_as_of")


def _check(name: str, value: Any) -> Any:
    if name in ("family_name_kana", "given_name_kana"):
        return partial(clean_kana, value, field=name, max_length=max_length_of(Person, name))
    if name == "phone":
        return partial(clean_phone, value, field=name)
    if name == "sex":
        return partial(clean_choice, value or Sex.UNKNOWN, Sex, field=name, label="性別")
    return partial(clean_model_text, Person, name, value)


def clean_person_fields(
    fields: dict[str, Any], today: datetime.date | None = None
) -> dict[str, Any]:
    """Return model field values for ``fields`` (see PERSON_EDITABLE), normalised.

    Birth input (``birth``, ``birth_text`` or ``birth_date``) becomes the five birth fields.
    """
    unknown = set(fields) - PERSON_EDITABLE
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    birth_inputs = [n for n in BIRTH_INPUTS if n in fields]
    if len(birth_inputs) > 1:
        raise TypeError("give the birth date once (birth, birth_text or birth_date)")
    checks = {
        name: _check(name, value) for name, value in fields.items() if name not in BIRTH_INPUTS
    }
    if birth_inputs:
        value = fields[birth_inputs[0]]
        checks["birth"] = partial(clean_birth, value, field="birth_date", today=today)
    cleaned = gather(checks)
    if "birth" in cleaned:
        cleaned.update(birth_values(cleaned.pop("birth")))
    return cleaned


def birth_values(partial_date: PartialDate) -> dict[str, Any]:
    precision = partial_date.precision
    return {
        "birth_date": partial_date.earliest() if precision in ("day", "month", "year") else None,
        "birth_date_precision": precision,
        "stated_age": partial_date.age,
        "age_band": partial_date.age_band,
        "age_as_of": partial_date.age_as_of,
    }
