"""How every validator reports: a Django ValidationError keyed by the field, in Japanese."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError


def invalid(field: str | None, message: str, code: str = "invalid") -> ValidationError:
    """The error for one field (``field`` None: not tied to a field)."""
    error = ValidationError(message, code=code)
    return ValidationError({field: [error]}) if field else error


def first_message(error: ValidationError) -> str:
    """The first message of an error (for single-value checks reused inside other checks)."""
    return error.messages[0] if error.messages else str(error)


def gather(checks: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    """Run every check (name → a function returning the cleaned value) and return the cleaned
    values, or raise one ValidationError with the errors of all of them (keyed by field)."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[ValidationError]] = {}
    for name, check in checks.items():
        try:
            cleaned[name] = check()
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for key, items in error.error_dict.items():
                    errors.setdefault(key, []).extend(items)
            else:
                errors.setdefault(name, []).extend(error.error_list)
    if errors:
        raise ValidationError(errors)
    return cleaned
