"""The 8050 flag: an ageing parent supporting an adult child who has withdrawn.

Derived, never stored: ``is_8050`` is a pure function of the person's age and the household
members; the thresholds are per municipality (``CaseworkSettings``; defaults parent ≥ 70 and
person ≥ 40, domain notes §1.2 G).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from .models import PARENT_RELATIONS, CaseworkSettings, HouseholdMember, Person


@dataclass(frozen=True)
class Thresholds:
    parent_age: int = 70
    person_age: int = 40
    require_living_together: bool = True

    @classmethod
    def of(cls, settings: CaseworkSettings) -> Thresholds:
        return cls(
            parent_age=settings.parent_age_threshold,
            person_age=settings.person_age_threshold,
            require_living_together=settings.require_living_together,
        )


@dataclass(frozen=True)
class MemberFacts:
    """What the flag needs of a household member (its age already brought up to date)."""

    relation: str
    age: int | None
    living_together: bool = True


def is_8050(person_age: int | None, members: Iterable[MemberFacts], thresholds: Thresholds) -> bool:
    """True when the person is at least ``thresholds.person_age`` and a parent (母 or 父, living
    together unless the municipality counts parents living apart) is at least
    ``thresholds.parent_age``. Unknown ages never raise the flag."""
    if person_age is None or person_age < thresholds.person_age:
        return False
    return any(
        m.relation in PARENT_RELATIONS
        and m.age is not None
        and m.age >= thresholds.parent_age
        and (m.living_together or not thresholds.require_living_together)
        for m in members
    )


def household_is_8050(
    person: Person,
    members: Iterable[HouseholdMember],
    thresholds: Thresholds,
    today: datetime.date,
) -> bool:
    """The flag for one household of ``person``, from already-fetched member rows (no queries)."""
    facts = [MemberFacts(m.relation, m.age_on(today), m.living_together) for m in members]
    return is_8050(person.age_on(today), facts, thresholds)
