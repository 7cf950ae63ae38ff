"""Field-level visibility: which fields of a record this user may read."""

from dataclasses import dataclass
from typing import Any

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import readable_classes
from tsunagu.tenancy.scoping import Sensitivity, TenantOwned


@dataclass
class ShownField:
    name: str
    label: str
    value: Any
    sensitivity: str
    readable: bool


def shown_fields(user: User, obj: TenantOwned, names: list[str]) -> list[ShownField]:
    """Values of fields whose sensitivity class the user's role may read; the rest masked."""
    classes = readable_classes(user, obj.municipality_id)
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


SENSITIVITY_LABELS = Sensitivity.LABELS
