"""Builders for persons, households, cases and merges in tests (on top of testing.world)."""

from __future__ import annotations

import datetime
from typing import Any

from tsunagu.accounts.roles import Role
from tsunagu.people.merging import merge_persons
from tsunagu.people.models import (
    Case,
    CaseStatusChange,
    EngagementChange,
    Household,
    HouseholdMember,
    Person,
    PersonMerge,
    Relation,
)
from tsunagu.tenancy.models import Municipality, Window

from .world import Side, World


def make_person(municipality: Municipality, **fields: Any) -> Person:
    values: dict[str, Any] = {
        "family_name": "佐藤",
        "given_name": "一郎",
        "family_name_kana": "サトウ",
        "given_name_kana": "イチロウ",
        "birth_date": datetime.date(1980, 5, 5),
    }
    values.update(fields)
    return Person.objects.create(municipality=municipality, **values)


def make_case(person: Person, window: Window, **fields: Any) -> Case:
    values: dict[str, Any] = {"opened_on": datetime.date(2026, 4, 1)}
    values.update(fields)
    return Case.objects.create(
        municipality_id=person.municipality_id, person=person, window=window, **values
    )


def make_household(
    person: Person, members: list[dict[str, Any]] | None = None
) -> tuple[Household, list[HouseholdMember]]:
    """A household of ``person``; each dict of ``members`` is a HouseholdMember's fields."""
    household = Household.objects.create(municipality_id=person.municipality_id, person=person)
    rows = [
        HouseholdMember.objects.create(
            municipality_id=person.municipality_id, household=household, **m
        )
        for m in (members or [])
    ]
    return household, rows


def parents_8050(
    mother_age: int = 78, father_age: int = 80, as_of: datetime.date | None = None
) -> list[dict[str, Any]]:
    common = {"living_together": True, "age_as_of": as_of}
    return [
        {"relation": Relation.MOTHER, "age": mother_age, **common},
        {"relation": Relation.FATHER, "age": father_age, **common},
    ]


def add_history(case: Case, n: int, user: Any = None) -> None:
    """``n`` status and ``n`` engagement changes (rows only, for page and query-count tests)."""
    for i in range(n):
        CaseStatusChange.objects.create(
            municipality_id=case.municipality_id,
            case=case,
            from_status=Case.Status.SUPPORT,
            to_status=Case.Status.WATCHING,
            reason=f"経過{i}",
            changed_by=user,
        )
        EngagementChange.objects.create(
            municipality_id=case.municipality_id,
            case=case,
            from_stage="family_only",
            to_stage="indirect",
            note=f"メモ{i}",
            changed_by=user,
        )


def _merge_on(side: Side, family: str, kana: str) -> PersonMerge:
    keep = make_person(side.municipality, family_name=family, family_name_kana=kana)
    absorb = make_person(side.municipality, family_name=family, family_name_kana=kana)
    make_case(absorb, side.window)
    make_household(absorb, parents_8050())
    return merge_persons(side.users[Role.SUPERVISOR], keep, absorb, reason="同一人物（テスト）")


def add_merges(world: World) -> World:
    """A merge record in each municipality (world.home.merge, world.away.merge). The away
    persons carry the away marker name 「漏洩検知」 so that the URL walker's leak check bites."""
    world.home.merge = world.home.other_merge = _merge_on(world.home, "統合", "トウゴウ")
    world.away.merge = world.away.other_merge = _merge_on(world.away, "漏洩検知", "ロウエイケンチ")
    return world
