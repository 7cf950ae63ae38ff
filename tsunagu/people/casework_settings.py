"""A municipality's casework settings (ケースワーク設定, people.models.CaseworkSettings): read with
their defaults, changed by a 自治体管理者 or a supervisor (MANAGE_CASEWORK_SETTINGS).

Every change is audited by the registry (people.apps registers the model)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, require
from tsunagu.core.validation import clean_int, gather
from tsunagu.tenancy.models import Municipality

from .models import CaseworkSettings

# The range each number may take (a value outside is an input error, never stored).
LIMITS: dict[str, tuple[int, int]] = {
    "no_contact_days": (1, 365),
    "parent_age_threshold": (50, 120),
    "person_age_threshold": (15, 100),
}
NUMBERS = tuple(LIMITS)


def settings_for(municipality_ids: list[int]) -> dict[int, CaseworkSettings]:
    """The settings of several municipalities (defaults, unsaved, where none were stored), in
    one query."""
    stored = {
        s.municipality_id: s
        for s in CaseworkSettings.objects.filter(municipality_id__in=municipality_ids)
    }
    return {m: stored.get(m) or CaseworkSettings(municipality_id=m) for m in municipality_ids}


@transaction.atomic
def update_casework_settings(
    actor: User, municipality: Municipality, **values: Any
) -> CaseworkSettings:
    """Set the municipality's settings: the numbers of LIMITS (ints or digits as text) and
    `require_living_together` (bool). ValidationError keyed by field on a bad number."""
    require(actor, Action.MANAGE_CASEWORK_SETTINGS, municipality)
    unknown = set(values) - {*NUMBERS, "require_living_together"}
    if unknown:
        raise TypeError(f"unknown casework settings: {sorted(unknown)}")
    cleaned = gather(
        {
            name: partial(
                clean_int,
                values[name],
                field=name,
                min_value=LIMITS[name][0],
                max_value=LIMITS[name][1],
                required=True,
            )
            for name in NUMBERS
            if name in values
        }
    )
    if "require_living_together" in values:
        cleaned["require_living_together"] = bool(values["require_living_together"])
    current, _created = CaseworkSettings.objects.select_for_update().get_or_create(
        municipality=municipality
    )
    changed = [name for name, value in cleaned.items() if getattr(current, name) != value]
    for name in changed:
        setattr(current, name, cleaned[name])
    if changed:
        current.save(update_fields=changed)
    return current
