"""A hand-counted 年度 2025 for the world's home municipality (八王子市), with contacts on
both sides of the fiscal-year boundaries in Japan time (00:00 and 08:59/09:00 JST — 09:00 JST
is midnight UTC, where a report that took UTC dates would cut).

Hand counts for 年度2025 (2025-04-01 〜 2026-03-31 JST), home municipality:

    P1 山田系: case opened 2025-05-10 (新規), 男, born 1990-06-15 → 34 at 2025-05-12 (30代)
        2025-05-12 10:00 phone → 本人; 2025-06-01 10:00 in_person → 本人;
        2026-03-31 23:59 visit → 家族          (3 contacts)
        intake: consulter mother, duration 3_5y, route [city_web, koho]
    P2: case opened 2024-01-10 (継続), 女, birth unknown (年齢不明)
        2025-03-31 23:59 phone (年度2024: not counted)
        2025-04-01 00:00 agency → 関係機関; 2025-04-01 08:59 agency → 関係機関;
        2025-04-01 09:00 phone → 家族       (3 contacts; never 本人 → 家族等のみ)
    P3: case opened 2025-04-01 (新規), sex unknown, stated age 64 on 2025-01-01 → 64
        2026-04-01 00:00 phone (年度2026: not counted); 2026-04-01 08:59 phone (not counted)
        2025-12-24 visit → 不在                 (1 contact)
    P4 (other window 子ども): case opened 2025-08-01 (新規), 男, born 2010-01-01 → 15 (〜19)
        2025-08-02 email → 本人                 (1 contact)
    away municipality: one contact in the year (never counted for home)

    実人数 4 (新規 3: P1, P3, P4; 継続 1: P2); 延べ件数 8; 家族等のみ 2 (P2, P3)
    by month: 4月 P2 3件; 5月 P1 1件; 6月 P1 1件; 8月 P4 1件; 12月 P3 1件; 3月 P1 1件
    channel 延べ: phone 2, in_person 1, visit 2, agency 2, email 1
    outreach: 家族のみ 1 (P1), 不在 1 (P3)
    referral: P1 → agency org typed swc, accepted; P2 → agency filed as hello_work, sent
    closure: P2 closed 2026-02-01 reason work_or_school
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from tsunagu.contacts.models import Contact
from tsunagu.intake.models import FormDefinition, FormVersion, Intake
from tsunagu.people.models import BirthPrecision, Case, Person
from tsunagu.referrals.models import Referral
from tsunagu.reports.models import ReferralCategory
from tsunagu.tenancy.models import Organization
from tsunagu.testing.world import World

JST = ZoneInfo("Asia/Tokyo")


def jst(y: int, mo: int, d: int, h: int = 10, mi: int = 0) -> datetime.datetime:
    return datetime.datetime(y, mo, d, h, mi, tzinfo=JST)


def _case(world: World, side: str, opened: datetime.date, window=None, **person) -> Case:
    s = getattr(world, side)
    p = Person.objects.create(municipality=s.municipality, family_name="集計", **person)
    return Case.objects.create(
        municipality=s.municipality, person=p, window=window or s.window, opened_on=opened
    )


def _contact(case: Case, when: datetime.datetime, channel: str, reached: str) -> Contact:
    return Contact.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        channel=channel,
        reached=reached,
        occurred_at=when,
    )


def _intake(world: World, case: Case, **typed) -> Intake:
    home = world.home
    definition = FormDefinition.objects.create(municipality=home.municipality, name="集計テスト")
    version = FormVersion.objects.create(definition=definition, number=1)
    answers = typed.pop("answers", {})
    return Intake.objects.create(
        municipality=home.municipality,
        number="T-1",
        fiscal_year=2025,
        form_version=version,
        status=Intake.Status.SUBMITTED,
        window=home.window,
        received_at=jst(2025, 5, 10),
        answers=answers,
        person=case.person,
        case=case,
        **typed,
    )


def build_fy2025(world: World) -> dict[str, Case]:
    home = world.home
    p1 = _case(
        world, "home", datetime.date(2025, 5, 10), sex="male", birth_date=datetime.date(1990, 6, 15)
    )
    _contact(p1, jst(2025, 5, 12), "phone", "person")
    _contact(p1, jst(2025, 6, 1), "in_person", "person")
    _contact(p1, jst(2026, 3, 31, 23, 59), "visit", "family")
    _intake(
        world,
        p1,
        consulter_relation="mother",
        answers={"duration": "3_5y", "route": ["city_web", "koho"]},
    )

    p2 = _case(world, "home", datetime.date(2024, 1, 10), sex="female")
    _contact(p2, jst(2025, 3, 31, 23, 59), "phone", "family")
    _contact(p2, jst(2025, 4, 1, 0, 0), "agency", "agency")
    _contact(p2, jst(2025, 4, 1, 8, 59), "agency", "agency")
    _contact(p2, jst(2025, 4, 1, 9, 0), "phone", "family")

    p3 = _case(
        world,
        "home",
        datetime.date(2025, 4, 1),
        birth_date_precision=BirthPrecision.AGE,
        stated_age=64,
        age_as_of=datetime.date(2025, 1, 1),
    )
    _contact(p3, jst(2026, 4, 1, 0, 0), "phone", "person")
    _contact(p3, jst(2026, 4, 1, 8, 59), "phone", "person")
    _contact(p3, jst(2025, 12, 24), "visit", "absent")

    p4 = _case(
        world,
        "home",
        datetime.date(2025, 8, 1),
        window=home.other_window,
        sex="male",
        birth_date=datetime.date(2010, 1, 1),
    )
    _contact(p4, jst(2025, 8, 2), "email", "person")

    away = _case(world, "away", datetime.date(2025, 6, 1), sex="male")
    _contact(away, jst(2025, 6, 2), "phone", "person")

    swc = Organization.objects.create(
        municipality=home.municipality, slug="swc", name="社協", org_type="swc"
    )
    ReferralCategory.objects.create(organization=home.agency, category="hello_work")
    _referral(world, p1, swc, "accepted", jst(2025, 7, 1))
    _referral(world, p2, home.agency, "sent", jst(2025, 9, 1))
    Case.objects.in_municipality(home.municipality).filter(pk=p2.pk).update(
        status=Case.Status.CLOSED,
        closure_reason="work_or_school",
        closed_on=datetime.date(2026, 2, 1),
    )
    return {"p1": p1, "p2": p2, "p3": p3, "p4": p4}


def _referral(world, case, organization, status, when) -> Referral:
    from tsunagu.accounts.roles import Role
    from tsunagu.people.models import AccessGrant

    home = world.home
    grant = AccessGrant.objects.create(
        municipality=home.municipality,
        case=case,
        organization=organization,
        source="referral",
        granting_window=home.window,
    )
    return Referral.objects.create(
        municipality=home.municipality,
        case=case,
        organization=organization,
        message="依頼",
        status=status,
        grant=grant,
        sent_by=world.user(Role.COUNSELLOR),
        sent_at=when,
    )
