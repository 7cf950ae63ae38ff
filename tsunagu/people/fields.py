"""A record's fields as a page shows them: readable ones with their values, the rest masked
(the decision is the field policy's, people.visibility)."""

from dataclasses import dataclass
from typing import Any

from tsunagu.accounts.models import User
from tsunagu.tenancy.scoping import TenantOwned

from .visibility import field_policy


@dataclass
class ShownField:
    name: str
    label: str
    value: Any
    sensitivity: str
    readable: bool


def shown_fields(user: User, obj: TenantOwned, names: list[str]) -> list[ShownField]:
    """Values of fields whose sensitivity class the user's role may read; the rest masked."""
    classes = field_policy(user).classes(obj)
    rows = []
    for name in names:
        field = obj._meta.get_field(name)
        sensitivity = obj.sensitivity_of(name)
        readable = sensitivity in classes
        value = getattr(obj, name) if readable else None
        if readable and getattr(field, "choices", None):
            value = getattr(obj, f"get_{name}_display")() if getattr(obj, name) else ""
        elif readable and name == "birth_date" and hasattr(obj, "birth_display"):
            value = obj.birth_display  # a partial date: 「昭和60年（1985年）」, 「40代（…時点）」
        rows.append(ShownField(name, str(field.verbose_name), value, sensitivity, readable))
    return rows
