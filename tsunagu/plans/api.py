"""/api/v1/: support plans of a case through the same access helpers, permissions and services
as the pages (a django-ninja Router, mounted in tsunagu/api)."""

from __future__ import annotations

import datetime
from typing import Annotated

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from tsunagu.accounts.permissions import Action
from tsunagu.assessments.access import get_case_for_document
from tsunagu.audit.log import record_list
from tsunagu.core.validation.schema import ChoiceIn, IdIn, ModelTextIn, TextIn

from .access import get_plan_for_user, plans_of_case
from .models import GoalOwner, PlanAction, PlanGoal, SupportPlan
from .services import MAX_ACTIONS, MAX_GOALS, ActionIn, GoalIn, save_plan, start_plan

router = Router(tags=["plans"])
DATE = "（2026-07-20 または 令和8年7月20日）"


class GoalSchema(Schema):
    owner: ChoiceIn(GoalOwner) = Field(..., description="誰の目標か（本人の目標が先頭に並びます）")
    text: ModelTextIn(PlanGoal, "text", required=True)


class ActionSchema(Schema):
    what: ModelTextIn(PlanAction, "what", required=True)
    responsible_user_id: IdIn | None = Field(None, description="担当する職員（どちらか一方）")
    responsible_organization_id: IdIn | None = Field(None, description="担当する機関・団体")
    due_on: TextIn(40) | None = Field(None, description="期限" + DATE)


class PlanIn(Schema):
    made_on: TextIn(40, required=True) = Field(..., description="作成日" + DATE)
    review_on: TextIn(40, required=True) = Field(..., description="見直し予定日" + DATE)
    direction: ModelTextIn(SupportPlan, "direction") = ""
    person_agreed: bool = False
    goals: Annotated[list[GoalSchema], Field(max_length=MAX_GOALS)] = []
    actions: Annotated[list[ActionSchema], Field(max_length=MAX_ACTIONS)] = []


class PlanVersionOut(Schema):
    id: int
    number: int
    status: str
    status_label: str
    made_on: datetime.date
    review_on: datetime.date


class PlanListOut(Schema):
    items: list[PlanVersionOut]


class GoalOut(Schema):
    owner: str
    owner_label: str
    text: str


class ActionOut(Schema):
    what: str
    responsible_user_id: int | None
    responsible_organization_id: int | None
    responsible: str
    due_on: datetime.date | None


class PlanOut(PlanVersionOut):
    case_id: int
    direction: str
    person_agreed: bool
    assessment_id: int | None
    goals: list[GoalOut]
    actions: list[ActionOut]


class CreatedOut(Schema):
    id: int
    number: int


def _version(p: SupportPlan) -> dict:
    return {
        "id": p.pk,
        "number": p.number,
        "status": p.status,
        "status_label": str(p.get_status_display()),
        "made_on": p.made_on,
        "review_on": p.review_on,
    }


def _content(payload: PlanIn) -> dict:
    return {
        "made_on": payload.made_on,
        "review_on": payload.review_on,
        "direction": payload.direction,
        "person_agreed": payload.person_agreed,
        "goals": [GoalIn(g.owner, g.text) for g in payload.goals],
        "actions": [
            ActionIn(a.what, a.responsible_user_id, a.responsible_organization_id, a.due_on)
            for a in payload.actions
        ],
    }


@router.get("/cases/{id:case_id}/plans", response=PlanListOut, summary="ケースの支援計画の履歴")
def list_plans(request: HttpRequest, case_id: int) -> dict:
    user = request.auth
    case = get_case_for_document(user, case_id, Action.VIEW_SUPPORT_PLAN)
    versions = list(plans_of_case(user, case)[:100])
    record_list(SupportPlan, versions, page="api_plans")
    return {"items": [_version(p) for p in versions]}


@router.post(
    "/cases/{id:case_id}/plans",
    response={201: CreatedOut},
    summary="支援計画の新しい版を作成",
    description="最新の版の写しから新しい版（下書き）を作り、本文の目標と支援の内容で置き換えます。"
    "下書き・差し戻し・承認待ちの版があるときは作れません（422）。",
)
def create_plan(request: HttpRequest, case_id: int, payload: PlanIn) -> Status:
    user = request.auth
    case = get_case_for_document(user, case_id, Action.EDIT_SUPPORT_PLAN)
    with transaction.atomic():
        plan = start_plan(user, case)
        save_plan(user, plan, **_content(payload))
    return Status(201, {"id": plan.pk, "number": plan.number})


@router.get("/plans/{id:plan_id}", response=PlanOut, summary="支援計画の1つの版")
def get_plan(request: HttpRequest, plan_id: int) -> dict:
    p = get_plan_for_user(request.auth, plan_id)
    return {
        **_version(p),
        "case_id": p.case_id,
        "direction": p.direction,
        "person_agreed": p.person_agreed,
        "assessment_id": p.assessment_id,
        "goals": [
            {"owner": g.owner, "owner_label": str(g.get_owner_display()), "text": g.text}
            for g in p.goals.all()
        ],
        "actions": [
            {
                "what": a.what,
                "responsible_user_id": a.responsible_user_id,
                "responsible_organization_id": a.responsible_organization_id,
                "responsible": str(a.responsible or ""),
                "due_on": a.due_on,
            }
            for a in p.actions.all()
        ],
    }


@router.put(
    "/plans/{id:plan_id}",
    response=CreatedOut,
    summary="下書き・差し戻しの版を保存",
    description="承認待ち・承認済みの版は変更できません（422）。",
)
def update_plan(request: HttpRequest, plan_id: int, payload: PlanIn) -> dict:
    user = request.auth
    plan = get_plan_for_user(user, plan_id, Action.EDIT_SUPPORT_PLAN)
    save_plan(user, plan, **_content(payload))
    return {"id": plan.pk, "number": plan.number}
