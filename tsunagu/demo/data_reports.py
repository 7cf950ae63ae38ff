"""Demo statistics in 日野市 (issue 11): forty invented persons with cases, intakes and contacts
across this 年度 and the last, so the annual report (/staff/reports/, demo-supervisor or
demo-muni-admin) shows every table and chart filled, and the prefecture view (demo-analyst)
shows suppression at work beside the other municipalities' few cases.

Deterministic (a fixed seed; dates relative to the load day). Persons are found by their
natural key (姓「集計見本」, 名 01…40): a later load finds them and creates nothing.
"""

from __future__ import annotations

import datetime
import random
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from tsunagu.contacts.models import Contact
from tsunagu.intake.form_services import default_version
from tsunagu.intake.models import Intake
from tsunagu.jp.wareki import fiscal_year
from tsunagu.people.models import BirthPrecision, Case, ClosureReason, Person
from tsunagu.reports.models import ReferralCategory
from tsunagu.tenancy.models import Municipality, Organization, Window

from .data import HINO
from .data_casework import DEMO_MARK

if TYPE_CHECKING:
    from .loader import LoadReport

FAMILY_NAME = "集計見本"
PERSONS = 40
JST = ZoneInfo("Asia/Tokyo")

CHANNELS = ["phone"] * 7 + ["in_person"] * 4 + ["agency"] * 4 + ["visit"] * 2 + [
    "email", "online", "line", "accompany"
]  # fmt: skip
CONSULTERS = ["mother"] * 4 + ["self"] * 2 + ["father", "sibling", "agency", "commissioner"]
DURATIONS = ["lt6m", "6m_1y", "1_3y", "1_3y", "3_5y", "5_7y", "7_10y", "10_20y", "20y"]
ROUTES = ["city_web", "koho", "flyer", "sns", "commissioner", "agency", "family_association"]
TRIGGERS = ["school_refusal", "bullying", "job_hunting", "workplace", "job_loss", "illness"]
CLOSURES = [ClosureReason.HANDED_OVER, ClosureReason.WORK_OR_SCHOOL, ClosureReason.INFO_ONLY,
            ClosureReason.SOCIAL_PARTICIPATION, ClosureReason.PERSONS_WISH]  # fmt: skip


def _reached(rng: random.Random, channel: str) -> str:
    if channel == "visit":
        return rng.choice(["person", "family", "family", "absent", "letter_left"])
    if channel == "agency":
        return "agency"
    return rng.choice(["person", "family", "family", "person_and_family"])


def _at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(9 + rng.randrange(8), rng.randrange(60)), JST
    )


def _day_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange(max((end - start).days, 0) + 1))


def load_report_demo(
    report: LoadReport, municipalities: dict[str, Municipality], today: datetime.date
) -> None:
    hino = municipalities[HINO]
    if Person.objects.in_municipality(hino).filter(family_name=FAMILY_NAME).exists():
        return
    window = Window.objects.get(municipality=hino, slug="safety-net")
    version = default_version(hino)
    rng = random.Random(2026)  # noqa: S311 - invented demo data
    fy_start = datetime.date(fiscal_year(today), 4, 1)
    last_fy_start = datetime.date(fy_start.year - 1, 4, 1)
    for n in range(1, PERSONS + 1):
        age = rng.choice([None, *range(16, 68, 3)])
        person = Person.objects.create(
            municipality=hino,
            family_name=FAMILY_NAME,
            given_name=f"{n:02d}",
            family_name_kana="シュウケイミホン",
            sex=rng.choice(["male"] * 5 + ["female"] * 4 + ["unknown"]),
            birth_date=(today - datetime.timedelta(days=365 * age + rng.randrange(365)))
            if age
            else None,
            birth_date_precision=BirthPrecision.DAY if age else BirthPrecision.UNKNOWN,
            notes=DEMO_MARK,
        )
        new = rng.random() < 0.45
        opened = _day_between(rng, fy_start if new else last_fy_start - datetime.timedelta(days=300),
                              today if new else fy_start - datetime.timedelta(days=1))  # fmt: skip
        case = Case.objects.create(
            municipality=hino, person=person, window=window, opened_on=opened,
            status=Case.Status.SUPPORT, summary=DEMO_MARK,
        )  # fmt: skip
        report.add(Person, "created")
        report.add(Case, "created")
        first = max(opened, last_fy_start)
        for _ in range(rng.randint(2, 9)):
            channel = rng.choice(CHANNELS)
            Contact.objects.create(
                municipality=hino, case=case, channel=channel,
                reached=_reached(rng, channel), occurred_at=_at(_day_between(rng, first, today), rng),
                summary=DEMO_MARK,
            )  # fmt: skip
            report.add(Contact, "created")
        if version is not None and rng.random() < 0.75:
            Intake.objects.create(
                municipality=hino, number=f"DEMO-R{n:03d}", fiscal_year=fiscal_year(opened),
                form_version=version, status=Intake.Status.SUBMITTED, window=window,
                received_at=_at(opened, rng), person=person, case=case,
                consulter_relation=rng.choice(CONSULTERS), person_sex=person.sex,
                answers={
                    "duration": rng.choice(DURATIONS), "outing": str(rng.randint(4, 8)),
                    "route": rng.sample(ROUTES, rng.randint(1, 2)),
                    "triggers": rng.sample(TRIGGERS, rng.randint(1, 2)),
                },
            )  # fmt: skip
            report.add(Intake, "created")
        if n % 8 == 0:  # a few cases closed this year, each with its 終結理由
            Case.objects.in_municipality(hino).filter(pk=case.pk).update(
                status=Case.Status.CLOSED, closure_reason=CLOSURES[n // 8 - 1],
                closed_on=_day_between(rng, max(opened, fy_start), today),
            )  # fmt: skip
    # The partner agencies under their 厚生労働白書 categories (the rest count by their type).
    for org in Organization.objects.filter(municipality=hino, org_type=Organization.Type.AGENCY):
        _category, created = ReferralCategory.objects.get_or_create(
            organization=org, defaults={"category": "mental_health_center"}
        )
        if created:
            report.add(ReferralCategory, "created")
