"""Write path of support plans: start a version (a copy of the newest), save a draft."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, users_who_may
from tsunagu.assessments.models import Assessment
from tsunagu.assessments.version_services import (
    clean_past_date,
    lock_case,
    lock_editable,
    require_document_of,
    start_version,
)
from tsunagu.assessments.versioning import VersionStatus
from tsunagu.core.validation import (
    clean_choice,
    clean_planned_date,
    clean_text,
    gather,
    max_length_of,
)
from tsunagu.core.validation.errors import invalid
from tsunagu.people.models import Case
from tsunagu.tenancy.models import Organization

from .models import OWNER_RANK, GoalOwner, PlanAction, PlanGoal, SupportPlan

DEFAULT_REVIEW_DAYS = 90  # a first plan is reviewed after about three months
MAX_GOALS = 20
MAX_ACTIONS = 30


@dataclass(frozen=True)
class GoalIn:
    owner: str
    text: str


@dataclass(frozen=True)
class ActionIn:
    what: str
    responsible_user: Any = None  # a User or its id
    responsible_organization: Any = None  # an Organization or its id
    due_on: Any = None


def responsible_users(municipality_id: int) -> QuerySet[User]:
    """Staff who may be named responsible for an action: those who work on cases here."""
    return users_who_may(Action.VIEW_CASE, municipality_id)


def responsible_organizations(municipality_id: int) -> QuerySet[Organization]:
    return Organization.objects.filter(municipality_id=municipality_id).order_by("name")


@transaction.atomic
def start_plan(actor: User, case: Case) -> SupportPlan:
    """A new draft version made today: a copy of the newest version (texts, goals, actions),
    or — the first time — an empty plan to be reviewed in DEFAULT_REVIEW_DAYS."""
    require_document_of(actor, Action.EDIT_SUPPORT_PLAN, case)
    case = lock_case(case)
    number, newest = start_version(SupportPlan, case)
    today = timezone.localdate()
    plan = SupportPlan.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        number=number,
        made_on=today,
        review_on=newest.review_on if newest else today + datetime.timedelta(DEFAULT_REVIEW_DAYS),
        direction=newest.direction if newest else "",
        assessment=_newest_approved_assessment(case),
        created_by=actor,
    )
    if newest is not None:
        in_case = {"municipality_id": case.municipality_id}
        goals = PlanGoal.objects.in_municipality(case.municipality_id).filter(plan=newest)
        PlanGoal.objects.bulk_create(
            [
                PlanGoal(**in_case, plan=plan, order=g.order, owner=g.owner, text=g.text)
                for g in goals
            ]
        )
        actions = PlanAction.objects.in_municipality(case.municipality_id).filter(plan=newest)
        PlanAction.objects.bulk_create(
            [
                PlanAction(
                    **in_case,
                    plan=plan,
                    order=a.order,
                    what=a.what,
                    responsible_user_id=a.responsible_user_id,
                    responsible_organization_id=a.responsible_organization_id,
                    due_on=a.due_on,
                )
                for a in actions
            ]
        )
    return plan


def _newest_approved_assessment(case: Case) -> Assessment | None:
    return (
        Assessment.objects.in_municipality(case.municipality_id)
        .filter(case=case, status=VersionStatus.APPROVED)
        .order_by("-number")
        .first()
    )


def person_first(goals: Sequence[GoalIn]) -> list[GoalIn]:
    """The goals with the person's own first (each owner's goals in the order given)."""
    return sorted(goals, key=lambda g: OWNER_RANK.get(g.owner, len(OWNER_RANK)))


def _goal_checks(goals: Sequence[GoalIn]) -> dict[str, partial]:
    if len(goals) > MAX_GOALS:
        raise ValidationError({"goals": _("目標は%(n)s件までです。") % {"n": MAX_GOALS}})
    checks = {}
    for i, goal in enumerate(goals):
        checks[f"goals-{i}-owner"] = partial(
            clean_choice, goal.owner, GoalOwner, field=f"goals-{i}-owner", label=_("誰の目標か")
        )
        checks[f"goals-{i}-text"] = partial(
            clean_text,
            goal.text,
            field=f"goals-{i}-text",
            max_length=max_length_of(PlanGoal, "text"),
            required=True,
        )
    return checks


def _pk(value: Any) -> Any:
    return getattr(value, "pk", value)


def _check_responsible(municipality_id: int, actions: Sequence[ActionIn]) -> None:
    """Exactly one responsible per action: staff or an organization of this municipality."""
    user_ids = {_pk(a.responsible_user) for a in actions if a.responsible_user}
    org_ids = {_pk(a.responsible_organization) for a in actions if a.responsible_organization}
    known_users = set(
        responsible_users(municipality_id).filter(pk__in=user_ids).values_list("pk", flat=True)
    )
    known_orgs = set(
        responsible_organizations(municipality_id)
        .filter(pk__in=org_ids)
        .values_list("pk", flat=True)
    )
    errors: dict[str, list[str]] = {}
    for i, action in enumerate(actions):
        user, org = _pk(action.responsible_user), _pk(action.responsible_organization)
        field = f"actions-{i}-responsible"
        if (user is None) == (org is None):
            errors[field] = [_("担当する職員か機関のどちらか一つを選んでください。")]
        elif user is not None and user not in known_users:
            errors[field] = [_("この自治体でケースを扱う職員を選んでください。")]
        elif org is not None and org not in known_orgs:
            errors[field] = [_("この自治体の機関・団体を選んでください。")]
    if errors:
        raise ValidationError(errors)


def _action_checks(actions: Sequence[ActionIn]) -> dict[str, partial]:
    if len(actions) > MAX_ACTIONS:
        raise ValidationError({"actions": _("支援の内容は%(n)s件までです。") % {"n": MAX_ACTIONS}})
    checks = {}
    for i, action in enumerate(actions):
        checks[f"actions-{i}-what"] = partial(
            clean_text,
            action.what,
            field=f"actions-{i}-what",
            max_length=max_length_of(PlanAction, "what"),
            required=True,
        )
        checks[f"actions-{i}-due_on"] = partial(
            clean_planned_date, action.due_on, field=f"actions-{i}-due_on"
        )
    return checks


@transaction.atomic
def save_plan(
    actor: User,
    plan: SupportPlan,
    *,
    made_on: datetime.date | str,
    review_on: datetime.date | str,
    direction: str = "",
    person_agreed: bool = False,
    goals: Sequence[GoalIn] = (),
    actions: Sequence[ActionIn] = (),
) -> SupportPlan:
    """Save a draft (or returned) version: its dates and texts, and its goals and actions as
    given (they replace the version's), the person's own goals first."""
    require_document_of(actor, Action.EDIT_SUPPORT_PLAN, plan.case)
    plan = lock_editable(plan)
    goals, actions = list(goals), list(actions)
    values = gather(
        {
            "made_on": partial(clean_past_date, made_on, field="made_on"),
            "review_on": partial(clean_planned_date, review_on, field="review_on"),
            "direction": partial(
                clean_text,
                direction,
                field="direction",
                max_length=max_length_of(SupportPlan, "direction"),
            ),
            **_goal_checks(goals),
            **_action_checks(actions),
        }
    )
    if values["review_on"] is None:
        raise invalid("review_on", "見直し予定日を入力してください。", "required")
    if values["review_on"] < values["made_on"]:
        raise invalid("review_on", "見直し予定日は作成日以降の日付にしてください。", "order")
    _check_responsible(plan.municipality_id, actions)
    plan.made_on, plan.review_on = values["made_on"], values["review_on"]
    plan.direction = values["direction"]
    plan.person_agreed = bool(person_agreed)
    plan.save()
    _replace_parts(plan, goals, actions, values)
    return plan


def _replace_parts(
    plan: SupportPlan, goals: list[GoalIn], actions: list[ActionIn], values: dict[str, Any]
) -> None:
    municipality_id = plan.municipality_id
    # the version is locked and editable (lock_editable): its old parts give way to the new
    for model in (PlanGoal, PlanAction):
        model.objects.in_municipality(municipality_id).filter(plan=plan).delete()
    cleaned = [
        GoalIn(values[f"goals-{i}-owner"], values[f"goals-{i}-text"]) for i in range(len(goals))
    ]
    PlanGoal.objects.bulk_create(
        [
            PlanGoal(
                municipality_id=municipality_id, plan=plan, order=n, owner=g.owner, text=g.text
            )
            for n, g in enumerate(person_first(cleaned))
        ]
    )
    PlanAction.objects.bulk_create(
        [
            PlanAction(
                municipality_id=municipality_id,
                plan=plan,
                order=n,
                what=values[f"actions-{n}-what"],
                responsible_user_id=_pk(a.responsible_user),
                responsible_organization_id=_pk(a.responsible_organization),
                due_on=values[f"actions-{n}-due_on"],
            )
            for n, a in enumerate(actions)
        ]
    )
