"""Coded input: phone numbers, postal codes, municipality codes and choice values."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from tsunagu.jp.phone import normalize_phone
from tsunagu.jp.postal import normalize_postal_code

from .errors import invalid
from .text import clean_text

_MUNICIPALITY_CODE = re.compile(r"[0-9]{6}")


def clean_phone(value: Any, *, field: str = "phone") -> str:
    """A Japanese phone number in any common form → E.164 (「+81426000000」); "" for empty."""
    text = clean_text(value, field=field, max_length=40)
    if not text:
        return ""
    try:
        return normalize_phone(text)
    except ValueError as error:
        raise invalid(field, str(error), "not_phone") from None


def clean_postal_code(value: Any, *, field: str = "postal_code") -> str:
    """A postal code in any common form (「〒192-0001」) → seven digits; "" for empty."""
    text = clean_text(value, field=field, max_length=20)
    if not text:
        return ""
    try:
        return normalize_postal_code(text)
    except ValueError as error:
        raise invalid(field, str(error), "not_postal_code") from None


def clean_municipality_code(value: Any, *, field: str = "municipality_code") -> str:
    """A 地方公共団体コード: six digits."""
    text = clean_text(value, field=field, max_length=6, required=True)
    if not _MUNICIPALITY_CODE.fullmatch(text):
        raise invalid(field, "自治体コードは6桁の数字で入力してください。", "not_code")
    return text


def choice_values(choices: Any) -> list[str]:
    """The values of a Django Choices class or of an iterable of values / (value, label)."""
    if hasattr(choices, "values"):
        return list(choices.values)
    return [c[0] if isinstance(c, tuple | list) else c for c in choices]


def clean_choice(
    value: Any, choices: Any, *, field: str | None = None, label: str = "", required: bool = True
) -> str:
    """One of the choice values; "" when empty and not required."""
    allowed = choice_values(choices)
    if value is None or value == "":
        if required:
            raise invalid(field, "選んでください。", "required")
        return ""
    if not isinstance(value, str) or value not in allowed:
        shown = value[:40] if isinstance(value, str) else value
        what = f"{label}の値" if label else "値"
        raise invalid(
            field,
            f"{what}「{clean_shown(shown)}」は使えません（{'、'.join(allowed)} のいずれか）。",
            "invalid_choice",
        )
    return value


def clean_choices(values: Iterable[Any], choices: Any, *, field: str | None = None) -> list[str]:
    return [clean_choice(v, choices, field=field) for v in values]


def clean_shown(value: Any) -> str:
    """A value safe to repeat in a message (bad characters dropped)."""
    return re.sub("[\x00-\x1f\ud800-\udfff]", "", str(value))
