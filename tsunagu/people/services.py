"""Write path for persons and cases (Zulip-style action functions).

Every function takes the acting user first, checks permission through
`tsunagu.accounts.permissions`, writes in one transaction, and lets the audit signals record it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, require
from tsunagu.tenancy.models import Municipality, Window

from .models import Case, Person


@transaction.atomic
def create_person(actor: User, municipality: Municipality, **fields: Any) -> Person:
    require(actor, Action.EDIT_PERSON, municipality)
    return Person.objects.create(municipality=municipality, created_by=actor, **fields)


@transaction.atomic
def open_case(
    actor: User,
    person: Person,
    window: Window,
    *,
    opened_on: datetime.date | None = None,
    summary: str = "",
    lead_worker: User | None = None,
) -> Case:
    require(actor, Action.CREATE_INTAKE, person.municipality_id)
    if window.municipality_id != person.municipality_id:
        raise ValueError("窓口と本人の自治体が異なります。")
    return Case.objects.create(
        municipality_id=person.municipality_id,
        person=person,
        window=window,
        opened_on=opened_on or datetime.date.today(),
        summary=summary,
        lead_worker=lead_worker,
        created_by=actor,
    )
