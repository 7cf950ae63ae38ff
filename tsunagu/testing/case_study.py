"""Test data for case studies: the world's home case (山田 太郎) filled with identifying details,
and the list of every identifying string it holds, so tests can check none reaches a document.

``build_study(world)`` → StudyCase(world, case); the home intake is linked to the case with a
相談者 name and a 医療機関 in its answers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.contacts.models import NoteSource
from tsunagu.intake.models import Intake
from tsunagu.people.models import Case
from tsunagu.people.models.households import CareLevel, Employment, Relation
from tsunagu.testing.contacts import make_contact
from tsunagu.testing.intake import add_intakes
from tsunagu.testing.people import make_household
from tsunagu.testing.world import World

OPENED = datetime.date(2026, 4, 1)

# Every string that identifies the case; none may appear in a case study.
IDENTIFYING = (
    "山田",
    "太郎",
    "ヤマダ",
    "タロウ",
    "やまだ",
    "たろう",
    "ﾔﾏﾀﾞ",
    "たっくん",
    "幸子",
    "一郎",
    "髙橋",
    "高橋",
    "健さん",
    "元本郷",
    "コーポ桜",
    "元八王子",
    "0426000000",
    "042-600-0000",
    "090-1234-5678",
    "鈴木",
    "次郎",
    "スズキ",
    "八王子市委託先",
    "八王子市関係機関",
    "こころのクリニック",
    "佐藤",
    "2026年5月10日",
    "令和8年6月1日",
    "41歳",
    "1985",
    "まれな病名X",
)


@dataclass
class StudyCase:
    world: World
    case: Case


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def enrich(world: World) -> Case:
    """Fill the home case with names, an address, phones, dates and free text."""
    case = world.home.case
    person = case.person
    person.nickname = "たっくん"
    person.sex = "male"
    person.address = "東京都八王子市元本郷町3丁目24-1 コーポ桜202"
    person.district = "元八王子地区"
    person.save()
    counsellor = world.user(Role.COUNSELLOR)
    counsellor.display_name = "鈴木 次郎"
    counsellor.display_name_kana = "スズキ ジロウ"
    counsellor.save()
    household, _ = make_household(
        person,
        [
            {
                "relation": Relation.MOTHER,
                "name": "山田 幸子",
                "age": 78,
                "age_as_of": OPENED,
                "care_level": CareLevel.CARE_3,
                "employment": Employment.PENSION,
                "health_note": "幸子さんは腰痛で通院中（要配慮）",
            },
            {"relation": Relation.FATHER, "name": "山田 一郎", "age": 80, "age_as_of": OPENED},
            {
                "relation": Relation.SIBLING,
                "name": "髙橋 健",
                "age": 38,
                "age_as_of": OPENED,
                "living_together": False,
                "note": "健さんは年に数回帰省する",
            },
        ],
    )
    household.note = "両親と本人の3人暮らし。一郎さんは町内会の役員（要配慮）"
    household.save()
    case.summary = (
        "山田太郎さん（41歳）。2016年ごろから自室中心の生活。連絡先090-1234-5678。"
        "八王子市委託先と八王子市関係機関が関わる（要配慮）"
    )
    case.save()
    make_contact(
        case,
        staff=[counsellor],
        occurred_at=_at(datetime.date(2026, 4, 15)),
        channel="visit",
        reached="person_and_family",
        summary="鈴木が元本郷町3丁目のコーポ桜を訪問。たっくんと初めて話せた（要配慮）",
        notes=[
            (NoteSource.PERSON, "ﾔﾏﾀﾞ ﾀﾛｳさん本人「2026年5月10日に外出したい」"),
            (NoteSource.FAMILY, "幸子さんより、近所の佐藤さんが心配していると"),
        ],
    )
    make_contact(
        case,
        occurred_at=_at(datetime.date(2026, 6, 1)),
        summary="令和8年6月1日、母から電話（042-600-0000）。こころのクリニック受診を相談",
    )
    return case


def build_study(world: World) -> StudyCase:
    add_intakes(world)
    case = enrich(world)
    Intake.objects.unscoped("test data: link the intake to the case").filter(
        pk=world.home.intake.pk
    ).update(
        case=case,
        answers={
            **world.home.intake.answers,
            "consulter_name": "山田 幸子",
            "medical_institution": "八王子こころのクリニック",
            "outing": "7",
            "duration": "10_20y",
            "triggers": ["job_loss", "other"],
            "medical": "past",
            "certificates": ["mental"],
            "work_history": "regular",
            "education": "a_code_of_our_own",
            "diagnosis": "まれな病名X",
        },
    )
    return StudyCase(world, case)
