"""Test data for 開示請求 (tsunagu.disclosures).

``add_disclosure_requests(world)`` gives each Side ``disclosure_request`` (on ``person``), so the
URL parameter ``disclosure_request_id`` can be walked. ``build_disclosure(world)`` fills the home
person's record across the apps (the case study's identifying case, an assessment, a support
plan, consents and one disclosure, referrals, meetings, programmes) and opens a request on it.
"""

from __future__ import annotations

import datetime

from tsunagu.accounts.roles import Role
from tsunagu.disclosures.models import DisclosureRequest
from tsunagu.disclosures.services import open_request
from tsunagu.referrals import services as referral_services
from tsunagu.referrals.models import Status as ReferralStatus
from tsunagu.tenancy.models import Organization
from tsunagu.testing.case_study import build_study
from tsunagu.testing.world import World, make_user

RECEIVED = datetime.date(2026, 4, 20)


def add_disclosure_requests(world: World) -> World:
    for side in (world.home, world.away):
        side.disclosure_request = open_request(
            side.users[Role.SUPERVISOR],
            side.person,
            received_on=RECEIVED,
            requester="person",
        )
    return world


def build_disclosure(world: World) -> DisclosureRequest:
    from tsunagu.testing.assessments import add_assessments
    from tsunagu.testing.consent import add_consents
    from tsunagu.testing.meetings import add_meetings
    from tsunagu.testing.plans import add_plans
    from tsunagu.testing.programmes import add_programmes
    from tsunagu.testing.referrals import add_referrals, refer

    build_study(world)
    for add in (
        add_assessments,
        add_plans,
        add_consents,
        add_referrals,
        add_meetings,
        add_programmes,
        add_disclosure_requests,
    ):
        add(world)
    # The world's referrals are of other persons' cases: one of the home person's own, to a
    # second agency, answered with feedback (第三者情報 from another agency).
    home = world.home
    clinic = Organization.objects.create(municipality=home.municipality, name="こころのクリニック")
    staff = make_user("clinic_staff", Role.AGENCY_STAFF, home, organization=clinic)
    referral = refer(world.user(Role.COUNSELLOR), home.case, clinic)
    referral_services.respond(staff, referral, ReferralStatus.ACCEPTED)
    referral_services.add_feedback(staff, referral, "クリニックで面談した（要配慮）")
    return world.home.disclosure_request
