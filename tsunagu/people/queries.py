"""Read-side helpers for the person and case pages and the API: fixed query counts, scoped."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from tsunagu.accounts.models import User, unnamed_user_fields
from tsunagu.accounts.permissions import Action

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


def households_of(
    user: User, person: Person, today: datetime.date, thresholds: Thresholds | None = None
) -> list[HouseholdView]:
    """The person's households with members and the 8050 flag (3 queries; 2 with thresholds)."""
    if thresholds is None:
        thresholds = Thresholds.of(CaseworkSettings.for_municipality(person.municipality_id))
    members = HouseholdMember.objects.visible_to(user, Action.VIEW_PERSON).order_by("pk")
    households = (
        Household.objects.visible_to(user, Action.VIEW_PERSON)
        .filter(person_id=person.pk)
        .prefetch_related(Prefetch("members", queryset=members, to_attr="member_list"))
        .order_by("pk")
    )
    views = []
    for h in households:
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
