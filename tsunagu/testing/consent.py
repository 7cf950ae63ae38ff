"""Test builders for consents and disclosures.

`add_consents(world)` gives every Side `consent` (on `case`) and `other_consent` (on
`other_case`), and records one disclosure of each side's case, so the URL parameter
`consent_id` can be walked and the disclosure pages have rows.
"""

from __future__ import annotations

import datetime
from typing import Any

from tsunagu.accounts.models import User
from tsunagu.accounts.roles import Role
from tsunagu.consent.disclosure import Basis, disclose
from tsunagu.consent.models import Category, Consent
from tsunagu.consent.services import record_consent
from tsunagu.people.models import Case

from .world import World

STATUTE = "人の生命、身体又は財産の保護のため（個人情報保護法第69条第2項第4号）"


def make_consent(actor: User, case: Case, organizations: list[Any], **fields: Any) -> Consent:
    values: dict[str, Any] = {
        "given_by": "person",
        "organizations": [o.pk for o in organizations],
        "categories": [Category.BASIC, Category.CONTACTS],
        "purpose": "関係機関へのおつなぎのため",
        "given_on": datetime.date(2026, 4, 10),
        "form": "signed",
    }
    values.update(fields)
    return record_consent(actor, case, **values)


def add_consents(world: World) -> None:
    for side in (world.home, world.away):
        supervisor = side.users[Role.SUPERVISOR]
        side.consent = make_consent(supervisor, side.case, [side.agency])
        side.other_consent = (
            make_consent(supervisor, side.other_case, [side.agency])
            if side.other_case.pk != side.case.pk
            else side.consent
        )
        disclose(
            supervisor,
            side.case,
            channel="export",
            organizations=[side.agency],
            categories=[Category.BASIC],
            basis=Basis.statute(STATUTE),
        )
