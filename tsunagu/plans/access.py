"""Access helpers of support plans (the rule of assessments.versioning: through a grant, only
one that covers S-class data)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action
from tsunagu.assessments.versioning import SENSITIVE
from tsunagu.people.models import Case
from tsunagu.tenancy.access import fetch_for_user

from .models import PlanAction, PlanGoal, SupportPlan


def get_plan_for_user(
    user: User, plan_id: int, action: str = Action.VIEW_SUPPORT_PLAN
) -> SupportPlan:
    goals = PlanGoal.objects.visible_to(user, Action.VIEW_SUPPORT_PLAN, needs=SENSITIVE)
    actions = PlanAction.objects.visible_to(
        user, Action.VIEW_SUPPORT_PLAN, needs=SENSITIVE
    ).select_related("responsible_user", "responsible_organization")
    return fetch_for_user(
        user,
        action,
        SupportPlan,
        plan_id,
        related=["case", "case__person", "case__window", "created_by", "assessment"],
        prefetch=[
            Prefetch("goals", queryset=goals.order_by("order", "pk")),
            Prefetch("actions", queryset=actions.order_by("order", "pk")),
        ],
        needs=SENSITIVE,
    )


def plans_of_case(user: User, case: Case) -> QuerySet[SupportPlan]:
    """The case's plan versions, newest first (without goals and actions)."""
    return (
        SupportPlan.objects.visible_to(user, Action.VIEW_SUPPORT_PLAN, needs=SENSITIVE)
        .filter(case=case)
        .select_related("created_by")
        .order_by("-number")
    )
