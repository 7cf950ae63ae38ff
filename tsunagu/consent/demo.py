"""Demo consents: each demo case referred to an organisation has the signed consent the
referral relied on (so the consent page and disclose() have something to show in the demo).
Safe to run again: a case that has any consent is left alone."""

from __future__ import annotations

from typing import Any

from tsunagu.accounts.models import User
from tsunagu.people.models import Case, CaseAccess
from tsunagu.tenancy.models import Municipality, Organization

from .models import Category, Consent, ConsentOrganization, Form, GivenBy

DEMO_PURPOSE = "（デモ用の架空データ）関係機関へのおつなぎと、その後の支援での情報共有のため"


def load_demo_consents(
    report: Any, municipalities: dict[str, Municipality], users: dict[str, User], cases: Any
) -> None:
    from tsunagu.demo.loader import CREATED

    for spec in cases:
        referrals = [
            a for a in spec.accesses if a.kind == CaseAccess.Kind.REFERRAL and a.organization
        ]
        if not referrals:
            continue
        municipality = municipalities[spec.municipality]
        case = (
            Case.objects.in_municipality(municipality)
            .filter(person__family_name=spec.family_name, person__given_name=spec.given_name)
            .first()
        )
        consents = Consent.objects.in_municipality(municipality)
        if case is None or consents.filter(case=case).exists():
            continue
        consent = consents.create(
            municipality=municipality,
            case=case,
            person_id=case.person_id,
            given_by=GivenBy.PERSON,
            categories=[Category.BASIC, Category.INTAKE, Category.CONTACTS],
            purpose=DEMO_PURPOSE,
            given_on=spec.opened_on,
            form=Form.SIGNED,
            recorded_by=users[spec.lead_worker or spec.created_by],
        )
        report.add(Consent, CREATED)
        for access in referrals:
            organization = Organization.objects.get(
                municipality=municipality, slug=access.organization
            )
            ConsentOrganization.objects.create(
                municipality=municipality, consent=consent, organization=organization
            )
            report.add(ConsentOrganization, CREATED)
