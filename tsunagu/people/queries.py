"""Read-side helpers for the person and case pages and the API: fixed query counts, scoped."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet

from tsunagu.accounts.models import User, unnamed_user_fields
from tsunagu.accounts.permissions import Action
from tsunagu.core.fixed_query import FixedQuery
from tsunagu.tenancy.access import fetch_in_scope

from .eightyfifty import Thresholds, household_is_8050
from .models import (
    Case,
    CaseStatusChange,
    CaseworkSettings,
    EngagementChange,
    Household,
    HouseholdMember,
    Person,
)


@dataclass
class HouseholdView:
    household: Household
    members: list[HouseholdMember]
    is_8050: bool
    ages: dict[int, int | None] = field(default_factory=dict)  # member pk → current age

    @property
    def summary(self) -> dict[str, object]:
        return {
            "id": self.household.pk,
            "member_count": len(self.members),
            "living_together_count": sum(1 for m in self.members if m.living_together),
            "is_8050": self.is_8050,
            "members": [
                {
                    "relation": m.relation,
                    "relation_label": str(m.get_relation_display()),
                    "age": self.ages.get(m.pk),
                    "living_together": m.living_together,
                }
                for m in self.members
            ],
        }


def _households(user: User, person_id: int) -> QuerySet[Household]:
    return Household.objects.visible_to(user, Action.VIEW_PERSON).filter(person_id=person_id)


def _household_members(user: User, person_id: int) -> QuerySet[HouseholdMember]:
    return (
        HouseholdMember.objects.visible_to(user, Action.VIEW_PERSON)
        .filter(household__person_id=person_id)
        .order_by("pk")
    )


# on every case and person page
_HOUSEHOLDS = FixedQuery(
    lambda user, person_id: _households(user, person_id).order_by("pk"), person_id=int
)
_HOUSEHOLD_MEMBERS = FixedQuery(_household_members, person_id=int)


def households_of(
    user: User, person: Person, today: datetime.date, thresholds: Thresholds | None = None
) -> list[HouseholdView]:
    """The person's households with members and the 8050 flag (3 queries; 2 with thresholds)."""
    if thresholds is None:
        thresholds = Thresholds.of(CaseworkSettings.for_municipality(person.municipality_id))
    households = fetch_in_scope(_HOUSEHOLDS, user, person_id=person.pk)
    members: dict[int, list[HouseholdMember]] = {h.pk: [] for h in households}
    if households:
        for member in fetch_in_scope(_HOUSEHOLD_MEMBERS, user, person_id=person.pk):
            if member.household_id in members:
                members[member.household_id].append(member)
    views = []
    for h in households:
        h.member_list = members[h.pk]
        views.append(
            HouseholdView(
                household=h,
                members=h.member_list,
                is_8050=household_is_8050(person, h.member_list, thresholds, today),
                ages={m.pk: m.age_on(today) for m in h.member_list},
            )
        )
    return views


def status_history(user: User, case: Case) -> QuerySet[CaseStatusChange]:
    return (
        CaseStatusChange.objects.visible_to(user, Action.VIEW_CASE)
        .filter(case_id=case.pk)
        .select_related("changed_by")
        .defer(*unnamed_user_fields("changed_by"))
        .order_by("-changed_at", "-pk")
    )


def engagement_history(user: User, case: Case) -> QuerySet[EngagementChange]:
    return (
        EngagementChange.objects.visible_to(user, Action.VIEW_CASE)
        .filter(case_id=case.pk)
        .select_related("changed_by")
        .defer(*unnamed_user_fields("changed_by"))
        .order_by("-changed_at", "-pk")
    )


def cases_of_person(user: User, person: Person) -> QuerySet[Case]:
    return (
        Case.objects.visible_to(user, Action.VIEW_CASE)
        .filter(person_id=person.pk)
        .select_related("window", "lead_worker")
        .order_by("-opened_on", "-pk")
    )
