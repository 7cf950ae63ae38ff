"""The validators as Django form fields (the web forms): text, and ids of chosen records."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import models

from .errors import first_message
from .numbers import clean_id, integer_range
from .text import TEXT_MAX_LENGTH, clean_text, max_length_of


class TextField(forms.CharField):
    """A CharField checked by clean_text: NUL and lone surrogates refused, length limited
    (TEXT_MAX_LENGTH when no max_length is given), in the same words as the API."""

    def __init__(self, *, max_length: int | None = None, **kwargs: Any) -> None:
        super().__init__(max_length=max_length or TEXT_MAX_LENGTH, **kwargs)
        self.validators = [
            v
            for v in self.validators
            if not isinstance(v, MaxLengthValidator | ProhibitNullCharactersValidator)
        ]

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        try:
            return clean_text(text, max_length=self.max_length or TEXT_MAX_LENGTH, strip=False)
        except ValidationError as error:
            raise ValidationError(first_message(error), code="invalid") from None


def model_text_field(model: type[models.Model], name: str, **kwargs: Any) -> TextField:
    """A TextField for ``model.name`` (its label and max_length)."""
    model_field = model._meta.get_field(name)
    kwargs.setdefault("label", model_field.verbose_name)
    kwargs.setdefault("required", not model_field.blank)
    return TextField(max_length=max_length_of(model, name), **kwargs)


def _check_id(field: forms.Field, value: Any, message: str) -> None:
    """An id that does not fit the database is no choice (rather than a database error)."""
    if value in field.empty_values or getattr(field, "to_field_name", None):
        return
    try:
        clean_id(value)
    except ValidationError:
        raise ValidationError(
            field.error_messages[message], code=message, params={"pk": value, "value": value}
        ) from None


class IdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose posted id is checked by clean_id first."""

    def to_python(self, value: Any) -> Any:
        _check_id(self, value, "invalid_choice")
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField whose posted ids are checked by clean_id first."""

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            _check_id(self, pk, "invalid_pk_value")
        return super()._check_values(value)


def model_formfield(model_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """ModelForm ``formfield_callback``: text model fields get a TextField, integer fields the
    range of their column (SQLite would not refuse a number PostgreSQL cannot store)."""
    if isinstance(model_field, models.CharField | models.TextField) and not model_field.choices:
        kwargs.setdefault("form_class", TextField)
        kwargs["max_length"] = max_length_of(model_field.model, model_field.name)
    elif isinstance(model_field, models.ForeignKey):
        kwargs.setdefault("form_class", IdChoiceField)
    elif isinstance(model_field, models.ManyToManyField):
        kwargs.setdefault("form_class", IdMultipleChoiceField)
    elif (bounds := integer_range(model_field)) and not model_field.choices:
        kwargs.setdefault("min_value", bounds[0])
        kwargs.setdefault("max_value", bounds[1])
    return model_field.formfield(**kwargs)
