"""The validators as pydantic types for the API's ninja schemas.

Each type runs the same function as the forms and services (a BeforeValidator) and documents
its limits in the OpenAPI document. A Django ValidationError becomes a pydantic error of type
"invalid_input" whose message is the validator's Japanese message.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db import models
from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from .codes import choice_values, clean_choice, clean_municipality_code, clean_phone
from .dates import clean_birth
from .errors import first_message
from .numbers import MAX_ID, clean_int
from .text import check_json, clean_kana, clean_text, max_length_of

INVALID_INPUT = "invalid_input"


def pydantic_check(check: Callable[[Any], Any]) -> BeforeValidator:
    """A BeforeValidator running ``check`` and reporting its ValidationError to pydantic."""

    def run(value: Any) -> Any:
        try:
            return check(value)
        except ValidationError as error:
            raise PydanticCustomError(
                INVALID_INPUT, "{message}", {"message": first_message(error)}
            ) from None

    return BeforeValidator(run)


def TextIn(max_length: int, *, required: bool = False) -> Any:
    """A text field: NUL/lone surrogates refused, stripped, at most ``max_length`` long."""
    schema: dict[str, Any] = {"type": "string", "maxLength": max_length}
    return Annotated[
        str,
        pydantic_check(partial(clean_text, max_length=max_length, required=required)),
        WithJsonSchema(schema),
    ]


def ModelTextIn(model: type[models.Model], name: str, *, required: bool = False) -> Any:
    """A text field stored in ``model.name`` (its max_length)."""
    return TextIn(max_length_of(model, name), required=required)


def KanaIn(model: type[models.Model], name: str) -> Any:
    """フリガナ for ``model.name``: any kana, stored as full-width katakana."""
    limit = max_length_of(model, name)
    return Annotated[
        str,
        pydantic_check(partial(clean_kana, field=name, max_length=limit)),
        WithJsonSchema({"type": "string", "maxLength": limit, "examples": ["ヤマダ"]}),
    ]


def IntIn(min_value: int, max_value: int) -> Any:
    """A whole number in [min_value, max_value]."""
    return Annotated[
        int,
        pydantic_check(partial(clean_int, min_value=min_value, max_value=max_value, required=True)),
        WithJsonSchema({"type": "integer", "minimum": min_value, "maximum": max_value}),
    ]


IdIn = IntIn(1, MAX_ID)

MunicipalityCodeIn = Annotated[
    str,
    pydantic_check(clean_municipality_code),
    WithJsonSchema({"type": "string", "pattern": "^[0-9]{6}$", "examples": ["132012"]}),
]


def ChoiceIn(choices: Any) -> Any:
    """One of the values of a Choices class."""
    return Annotated[
        str,
        pydantic_check(partial(clean_choice, choices=choices)),
        WithJsonSchema({"type": "string", "enum": choice_values(choices)}),
    ]


def _birth_text(value: Any) -> str:
    text = clean_text(value, field="birth_date", max_length=40)
    clean_birth(text)
    return text


BirthIn = Annotated[
    str,
    pydantic_check(_birth_text),
    WithJsonSchema(
        {
            "type": "string",
            "maxLength": 40,
            "description": "生年月日（和暦・西暦の日付、「昭和60年」「1985年3月」「40歳」「40代」「不明」）",
            "examples": ["昭和60年4月1日", "1985-04-01", "昭和60年", "40代"],
        }
    ),
]

PhoneIn = Annotated[
    str,
    pydantic_check(clean_phone),
    WithJsonSchema({"type": "string", "maxLength": 40, "examples": ["042-123-4567"]}),
]

JsonObjectIn = Annotated[
    dict[str, Any],
    pydantic_check(lambda value: check_json(value) if isinstance(value, dict) else value),
]
