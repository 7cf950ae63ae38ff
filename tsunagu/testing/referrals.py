"""Test builders for referrals (おつなぎ): a case to refer, consents, and walker records.

- `referable_case(world)`: a new case at the home window (the world's own case already has a
  referral grant to the home agency, so a second one to it would be refused);
- `give_consent(case, organizations, ...)` / `withdraw_consent(consent, user)`: consent records
  through the consent app's model (a given consent is never edited: withdrawal fills its
  withdrawal fields only);
- `add_referrals(world)`: `home.referral` (sent, open), `home.other_referral` (of the children's
  window's case, completed with feedback: the agency sees the referral, no longer the case) and
  `away.referral` (町田市), all through the real services with a named statute as the basis.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.accounts.roles import Role
from tsunagu.consent.disclosure import Basis
from tsunagu.consent.models import Consent, ConsentOrganization
from tsunagu.people.models import Case
from tsunagu.referrals import services
from tsunagu.referrals.models import Referral, Status
from tsunagu.tenancy.models import Organization

from .people import make_case, make_person
from .world import World, make_user

ALL_CATEGORIES = ("basic", "intake", "contacts", "sensitive")
LIFE = "人の生命、身体又は財産の保護のため（個人情報保護法第69条第2項第4号）"


def referable_case(world: World, **fields: object) -> Case:
    person = make_person(world.home.municipality, family_name="紹介", given_name="次郎")
    return make_case(person, world.home.window, summary="相談概要（要配慮）", **fields)


def give_consent(
    case: Case,
    organizations: Sequence[Organization],
    categories: Sequence[str] = ALL_CATEGORIES,
    *,
    recorded_by: User,
    **fields: object,
) -> Consent:
    values: dict[str, object] = {
        "given_by": "person",
        "purpose": "関係機関へのおつなぎのため",
        "given_on": timezone.localdate(),
        "form": "signed",
        "categories": list(categories),
    }
    values.update(fields)
    consent = Consent.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        person_id=case.person_id,
        recorded_by=recorded_by,
        **values,
    )
    for organization in organizations:
        ConsentOrganization.objects.create(
            municipality_id=case.municipality_id, consent=consent, organization=organization
        )
    return consent


def withdraw_consent(consent: Consent, user: User) -> Consent:
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = user
    consent.withdrawal_reason = "本人の申し出"
    consent.save()
    return consent


def refer(
    user: User, case: Case, organization: Organization, basis: Basis | None = None, **kwargs
) -> Referral:
    kwargs.setdefault("message", "就労準備支援の利用について相談したいとのことです。")
    return services.send_referral(
        user, case, organization=organization, basis=basis or Basis.statute(LIFE), **kwargs
    )


def add_referrals(world: World) -> World:
    home, away = world.home, world.away
    counsellor, supervisor = home.users[Role.COUNSELLOR], home.users[Role.SUPERVISOR]
    agency_staff = home.users[Role.AGENCY_STAFF]
    home.referral = refer(counsellor, referable_case(world), home.agency, service_name="居場所")
    home.other_referral = refer(
        supervisor, home.other_case, home.agency, covers={"covers_contacts": True}
    )
    services.respond(agency_staff, home.other_referral, Status.ACCEPTED)
    services.add_feedback(agency_staff, home.other_referral, "面談を2回行った（要配慮）。")
    services.respond(agency_staff, home.other_referral, Status.COMPLETED)
    if not away.users.get(Role.AGENCY_STAFF):
        away.users[Role.AGENCY_STAFF] = make_user("away_agency_staff", Role.AGENCY_STAFF, away)
    away.referral = refer(away.users[Role.SUPERVISOR], away.case, away.agency)
    away.other_referral = away.referral
    return world
