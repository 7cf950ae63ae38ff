"""One validator per kind of input, used by the web forms, the API schemas and the services.

- text: :func:`clean_text`, :func:`clean_model_text`, :func:`clean_kana`, :func:`check_json`
  (NUL bytes and lone surrogates refused, length from the model field);
- numbers: :func:`clean_int`, :func:`clean_id` (in range of the database column);
- dates: :func:`clean_birth` (partial dates, 和暦, ages; 1900 … today),
  :func:`clean_contact_time` (records' beginning … one day ahead), :func:`clean_planned_date`,
  :func:`clean_planned_time`;
- codes: :func:`clean_phone`, :func:`clean_postal_code`, :func:`clean_municipality_code`,
  :func:`clean_choice`.

Each raises django.core.exceptions.ValidationError with a Japanese message, keyed by the
field name when one is given. `forms` wraps them as form fields, `schema` as pydantic types
for django-ninja, and `guard` checks every save of a tsunagu model (the last boundary).
"""

from .codes import (
    clean_choice,
    clean_choices,
    clean_municipality_code,
    clean_phone,
    clean_postal_code,
)
from .dates import (
    BIRTH_EARLIEST,
    clean_birth,
    clean_contact_time,
    clean_planned_date,
    clean_planned_time,
    clean_recorded_date,
    records_begin,
)
from .errors import gather, invalid
from .numbers import MAX_ID, clean_id, clean_int
from .text import (
    TEXT_MAX_LENGTH,
    check_chars,
    check_json,
    clean_kana,
    clean_model_text,
    clean_text,
    max_length_of,
)

__all__ = [
    "BIRTH_EARLIEST",
    "MAX_ID",
    "TEXT_MAX_LENGTH",
    "check_chars",
    "check_json",
    "clean_birth",
    "clean_choice",
    "clean_choices",
    "clean_contact_time",
    "clean_id",
    "clean_int",
    "clean_kana",
    "clean_model_text",
    "clean_municipality_code",
    "clean_phone",
    "clean_planned_date",
    "clean_planned_time",
    "clean_postal_code",
    "clean_recorded_date",
    "clean_text",
    "gather",
    "invalid",
    "max_length_of",
    "records_begin",
]
