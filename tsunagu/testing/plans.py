"""Test builders for support plans: versions on the world's cases.

`add_plans(world)` gives every Side `plan` (on `case`) and `other_plan` (on `other_case`), each
an approved first version with a goal of the person's and an action, so the URL parameter
`plan_id` can be walked.
"""

from __future__ import annotations

import datetime

from tsunagu.accounts.models import User
from tsunagu.assessments.versioning import VersionStatus
from tsunagu.people.models import Case
from tsunagu.plans.models import GoalOwner, PlanAction, PlanGoal, SupportPlan

from .world import World


def make_plan(
    case: Case,
    *,
    number: int = 1,
    status: str = VersionStatus.APPROVED,
    goals: list[tuple[str, str]] | None = None,
    responsible: User | None = None,
    **fields: object,
) -> SupportPlan:
    values: dict[str, object] = {
        "made_on": datetime.date(2026, 4, 15),
        "review_on": datetime.date(2026, 7, 15),
        "direction": "本人のペースで外出の機会を増やす（要配慮）",
    }
    values.update(fields)
    plan = SupportPlan.objects.create(
        municipality_id=case.municipality_id, case=case, number=number, **values
    )
    goals = goals if goals is not None else [(GoalOwner.PERSON, "図書館に行く（要配慮）")]
    PlanGoal.objects.bulk_create(
        [
            PlanGoal(
                municipality_id=case.municipality_id, plan=plan, order=i, owner=owner, text=text
            )
            for i, (owner, text) in enumerate(goals)
        ]
    )
    if responsible is not None:
        PlanAction.objects.create(
            municipality_id=case.municipality_id,
            plan=plan,
            what="月に一度の訪問（要配慮）",
            responsible_user=responsible,
            due_on=datetime.date(2026, 6, 30),
        )
    if status != VersionStatus.DRAFT:
        SupportPlan.objects.in_municipality(case.municipality_id).filter(pk=plan.pk).update(
            status=status
        )
        plan.refresh_from_db()
    return plan


def add_plans(world: World) -> World:
    for side in (world.home, world.away):
        staff = next(iter(side.users.values()))
        side.plan = make_plan(side.case, responsible=staff)
        if side.other_case is side.case:
            side.other_plan = side.plan
        else:
            side.other_plan = make_plan(side.other_case, responsible=staff)
    return world
