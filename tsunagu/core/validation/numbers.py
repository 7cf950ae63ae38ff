"""Integers and ids: whole numbers in the range the database column holds.

A Python int has no limit; PostgreSQL's bigint stops at 2**63 − 1 and raises a DataError (a
500) beyond it, and SQLite silently behaves differently. Ids are positive bigints.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from .errors import invalid

MAX_ID = 2**63 - 1
# The ranges of the integer columns (PostgreSQL's; SQLite is held to the same).
INTEGER_RANGES: dict[str, tuple[int, int]] = {
    "SmallIntegerField": (-(2**15), 2**15 - 1),
    "IntegerField": (-(2**31), 2**31 - 1),
    "BigIntegerField": (-(2**63), 2**63 - 1),
    "PositiveSmallIntegerField": (0, 2**15 - 1),
    "PositiveIntegerField": (0, 2**31 - 1),
    "PositiveBigIntegerField": (0, 2**63 - 1),
    "SmallAutoField": (-(2**15), 2**15 - 1),
    "AutoField": (-(2**31), 2**31 - 1),
    "BigAutoField": (-(2**63), MAX_ID),
}


def clean_int(
    value: Any,
    *,
    field: str | None = None,
    min_value: int | None = None,
    max_value: int | None = None,
    required: bool = False,
) -> int | None:
    """A whole number (an int, or digits as text) within [min_value, max_value]; None for empty."""
    if value is None or value == "":
        if required:
            raise invalid(field, "入力してください。", "required")
        return None
    if isinstance(value, str):
        text = value.strip()
        if not (text.lstrip("+-").isascii() and text.lstrip("+-").isdigit()) or len(text) > 20:
            raise invalid(field, "整数で入力してください。", "not_integer")
        value = int(text)
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(field, "整数で入力してください。", "not_integer")
    if min_value is not None and value < min_value:
        raise invalid(field, f"{min_value}以上で入力してください。", "too_small")
    if max_value is not None and value > max_value:
        raise invalid(field, f"{max_value}以下で入力してください。", "too_large")
    return value


def clean_id(value: Any, *, field: str | None = None, required: bool = True) -> int | None:
    """A record id: a positive whole number that fits a bigint."""
    return clean_int(value, field=field, min_value=1, max_value=MAX_ID, required=required)


def integer_range(model_field: models.Field) -> tuple[int, int] | None:
    """The range of an integer model field's column, or None for other fields."""
    return INTEGER_RANGES.get(model_field.get_internal_type())
