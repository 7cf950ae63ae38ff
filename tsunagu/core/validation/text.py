"""Text input: NUL bytes and lone surrogates refused, length checked against the model field.

A lone surrogate (「\\ud800」 in JSON) cannot be encoded to UTF-8, and PostgreSQL refuses a NUL
byte in text: both used to surface as database errors (500). A TextField has no length limit
in the database, so text without a model ``max_length`` is held to TEXT_MAX_LENGTH.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import models

from tsunagu.jp.names import validate_furigana

from .errors import invalid

TEXT_MAX_LENGTH = 10_000
JSON_MAX_DEPTH = 20
_BAD_CHARS = re.compile("[\x00\ud800-\udfff]")
BAD_CHARS_MESSAGE = "使用できない文字（NUL 文字や壊れた文字コード）が含まれています。"


def max_length_of(model: type[models.Model], name: str) -> int:
    """The longest text the model field ``name`` stores (TEXT_MAX_LENGTH for a TextField)."""
    return model._meta.get_field(name).max_length or TEXT_MAX_LENGTH


def has_bad_chars(value: str) -> bool:
    return bool(_BAD_CHARS.search(value))


def check_chars(value: str, field: str | None = None) -> str:
    """``value`` unchanged, or ValidationError when it holds a NUL or a lone surrogate."""
    if has_bad_chars(value):
        raise invalid(field, BAD_CHARS_MESSAGE, "bad_characters")
    return value


def clean_text(
    value: Any,
    *,
    field: str | None = None,
    max_length: int = TEXT_MAX_LENGTH,
    required: bool = False,
    strip: bool = True,
) -> str:
    """Text as stored: None → "", stripped, no bad characters, at most ``max_length`` long."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise invalid(field, "文字で入力してください。", "not_text")
    check_chars(value, field)
    if strip:
        value = value.strip()
    if len(value) > max_length:
        raise invalid(
            field,
            f"{max_length}文字以内で入力してください（{len(value)}文字あります）。",
            "too_long",
        )
    if required and not value:
        raise invalid(field, "入力してください。", "required")
    return value


def clean_model_text(
    model: type[models.Model], name: str, value: Any, *, required: bool = False
) -> str:
    """Text for the model field ``name`` (its max_length)."""
    return clean_text(value, field=name, max_length=max_length_of(model, name), required=required)


def clean_kana(value: Any, *, field: str, max_length: int) -> str:
    """フリガナ: any kana typed → full-width katakana (jp.names.validate_furigana)."""
    text = clean_text(value, field=field, max_length=max_length)
    try:
        kana = validate_furigana(text)
    except ValueError as error:
        raise invalid(field, str(error), "not_kana") from None
    return clean_text(kana, field=field, max_length=max_length)


def check_json(value: Any, field: str | None = None, *, _depth: int = 0) -> Any:
    """``value`` unchanged, or ValidationError when a string or key inside the JSON value holds
    a bad character (or the value nests deeper than JSON_MAX_DEPTH)."""
    if _depth > JSON_MAX_DEPTH:
        raise invalid(field, "入れ子が深すぎます。", "too_deep")
    if isinstance(value, str):
        check_chars(value, field)
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                check_chars(key, field)
            check_json(item, field, _depth=_depth + 1)
    elif isinstance(value, list | tuple):
        for item in value:
            check_json(item, field, _depth=_depth + 1)
    return value
