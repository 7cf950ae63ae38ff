"""A small named world for tests (healthchecks style): two municipalities, their windows and
organisations, one user per role in the home municipality, and one outsider municipality.

    home = 八王子市 (132012): windows はちまる (general) and 子ども (children);
           organisation 委託先 (contractor) and 関係機関 (agency)
    away = 町田市 (132098): window 保健所, an agency, and a supervisor

Personal data: in each municipality a person with a case at the first window; in home a second
case at the children's window, that no window-scoped user of はちまる is on.

Every user has a TOTP authenticator (secret TOTP_SECRET), as staff have in production: they pass
RequireMFAMiddleware and may hold API tokens (tsunagu.accounts.login_rules). build_world(totp=False)
builds the users without one (the enrolment tests in tsunagu/accounts/tests).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from tsunagu.accounts.models import Membership, User
from tsunagu.accounts.roles import Role
from tsunagu.people.models import AccessGrant, Case, CaseAccess, Person
from tsunagu.tenancy.models import Municipality, Organization, Prefecture, Window

PASSWORD = "correct-horse-battery-staple"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # base32, for tests that compute codes


@dataclass
class Side:
    municipality: Municipality
    window: Window
    other_window: Window
    contractor: Organization
    agency: Organization
    users: dict[str, User] = field(default_factory=dict)
    person: Person | None = None
    case: Case | None = None
    other_person: Person | None = None
    other_case: Case | None = None
    # Filled by tsunagu.testing.people.add_merges(world) where a test needs merge records.
    merge: Any = None
    other_merge: Any = None


@dataclass
class World:
    home: Side
    away: Side

    def user(self, role: str) -> User:
        return self.home.users[role]


def make_user(
    username: str, role: str, side: Side, *, totp: bool = True, **membership: object
) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, display_name=f"{username}（テスト）"
    )
    if totp:
        TOTP.activate(user, TOTP_SECRET)
    defaults: dict[str, object] = {}
    if role in (Role.RECEPTION, Role.COUNSELLOR):
        defaults["window"] = side.window
    if role == Role.CONTRACTED_COUNSELLOR:
        defaults["organization"] = side.contractor
    if role in (Role.AGENCY_STAFF, Role.PUBLICITY):
        defaults["organization"] = side.agency
    defaults.update(membership)
    Membership.objects.create(user=user, role=role, municipality=side.municipality, **defaults)
    return user


def _side(prefecture: Prefecture, code: str, name: str, prefix: str) -> Side:
    municipality = Municipality.objects.create(prefecture=prefecture, code=code, name=name)
    window = Window.objects.create(
        municipality=municipality,
        slug=f"{prefix}-window",
        name=f"{name}相談窓口",
        kind=Window.Kind.GENERAL,
        channels=["in_person", "phone"],
    )
    other_window = Window.objects.create(
        municipality=municipality,
        slug=f"{prefix}-children",
        name=f"{name}子ども家庭支援センター",
        kind=Window.Kind.CHILDREN,
        age_max=17,
    )
    contractor = Organization.objects.create(
        municipality=municipality,
        slug=f"{prefix}-contractor",
        name=f"{name}委託先",
        org_type=Organization.Type.CONTRACTOR,
    )
    agency = Organization.objects.create(
        municipality=municipality,
        slug=f"{prefix}-agency",
        name=f"{name}関係機関",
        org_type=Organization.Type.AGENCY,
    )
    return Side(municipality, window, other_window, contractor, agency)


def _case(side: Side, window: Window, family: str, given: str, kana: tuple[str, str]) -> Case:
    person = Person.objects.create(
        municipality=side.municipality,
        family_name=family,
        given_name=given,
        family_name_kana=kana[0],
        given_name_kana=kana[1],
        birth_date=datetime.date(1985, 4, 1),
        phone="+81426000000",
        notes="要配慮メモ",
    )
    return Case.objects.create(
        municipality=side.municipality,
        person=person,
        window=window,
        opened_on=datetime.date(2026, 4, 1),
        summary="相談概要（要配慮）",
    )


def build_world(*, totp: bool = True) -> World:
    tokyo = Prefecture.objects.create(code="13", name="東京都")
    home = _side(tokyo, "132012", "八王子市", "home")
    away = _side(tokyo, "132098", "町田市", "away")
    for role in Role.values:
        home.users[role] = make_user(f"home_{role}", role, home, totp=totp)
    away.users[Role.SUPERVISOR] = make_user("away_supervisor", Role.SUPERVISOR, away, totp=totp)
    away.users[Role.COUNSELLOR] = make_user("away_counsellor", Role.COUNSELLOR, away, totp=totp)

    home.case = _case(home, home.window, "山田", "太郎", ("ヤマダ", "タロウ"))
    home.person = home.case.person
    home.other_case = _case(home, home.other_window, "髙橋", "花子", ("タカハシ", "ハナコ"))
    home.other_person = home.other_case.person
    away.case = _case(away, away.window, "漏洩検知", "町田", ("ロウエイケンチ", "マチダ"))
    away.person = away.case.person
    away.other_case = away.case
    away.other_person = away.person

    # The home case is handed to the contracted counsellor and referred to the agency: two
    # accepted offers, each with the active access grant that gives the access.
    for kind, extra in (
        (CaseAccess.Kind.HANDOFF, {"user": home.users[Role.CONTRACTED_COUNSELLOR]}),
        (CaseAccess.Kind.REFERRAL, {"organization": home.agency}),
    ):
        grant = AccessGrant.objects.create(
            municipality=home.municipality,
            case=home.case,
            source=kind,
            starts_at=timezone.now(),
            granted_by=home.users[Role.COUNSELLOR],
            granting_window=home.window,
            **extra,
        )
        CaseAccess.objects.create(
            municipality=home.municipality,
            case=home.case,
            kind=kind,
            status=CaseAccess.Status.ACCEPTED,
            grant=grant,
            **extra,
        )
    world = World(home=home, away=away)
    from .routing_concerns import add_routing_and_concerns  # imports world.py

    add_routing_and_concerns(world)
    return world
