"""The last boundary before the database: every save of a tsunagu model is checked.

Services validate their input with the functions of this package; this check (a pre_save
signal) makes sure that nothing they forgot reaches the database as a database error: text
longer than its column or holding NUL / lone surrogates, JSON holding them, integers outside
their column's range. It raises the same ValidationError (keyed by field) as the validators.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from .numbers import clean_int, integer_range
from .text import check_json, clean_text, max_length_of


def check_instance(instance: models.Model) -> None:
    errors: dict[str, list[str]] = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if value is None:
            continue
        try:
            if isinstance(field, models.CharField | models.TextField):
                if isinstance(value, str):
                    limit = max_length_of(type(instance), field.name)
                    clean_text(value, field=field.name, max_length=limit, strip=False)
            elif isinstance(field, models.JSONField):
                check_json(value, field.name)
            elif (bounds := integer_range(field)) and isinstance(value, int):
                clean_int(value, field=field.name, min_value=bounds[0], max_value=bounds[1])
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def check_before_save(
    sender: type[models.Model], instance: Any, raw: bool = False, **_: Any
) -> None:
    if not raw and sender.__module__.startswith("tsunagu."):
        check_instance(instance)
