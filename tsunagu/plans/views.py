"""Pages of support plans. Every view starts with an access helper; writes go through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tsunagu.accounts.permissions import Action, can
from tsunagu.assessments.access import get_case_for_document
from tsunagu.assessments.approval_views import approval_part, submit
from tsunagu.assessments.versioning import OPEN
from tsunagu.audit.log import record_list

from .access import get_plan_for_user, plans_of_case
from .forms import PlanForms
from .models import GoalOwner, SupportPlan
from .services import save_plan, start_plan


@login_required
@require_GET
def plan_list(request: HttpRequest, case_id: int) -> HttpResponse:
    """The plan history of a case (every version, newest first)."""
    case = get_case_for_document(request.user, case_id, Action.VIEW_SUPPORT_PLAN)
    versions = list(plans_of_case(request.user, case))
    record_list(SupportPlan, versions, page="plan_list")
    may_edit = can(request.user, Action.EDIT_SUPPORT_PLAN, case.municipality_id)
    newest = versions[0] if versions else None
    return render(
        request,
        "plans/plan_list.html",
        {
            "case": case,
            "versions": versions,
            "may_start": may_edit and not (newest and newest.status in OPEN),
            "open_version": newest if newest and newest.status in OPEN else None,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def plan_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_document(request.user, case_id, Action.EDIT_SUPPORT_PLAN)
    try:
        plan = start_plan(request.user, case)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("plan-list", case_id=case.pk)
    messages.success(request, _("第%(n)s版（下書き）を作成しました。") % {"n": plan.number})
    return redirect("plan-edit", plan_id=plan.pk)


@login_required
@require_GET
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    goals = list(plan.goals.all())
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "case": plan.case,
            "goals": goals,
            "actions": list(plan.actions.all()),
            "has_person_goal": any(g.owner == GoalOwner.PERSON for g in goals),
            "may_edit": plan.is_editable
            and can(request.user, Action.EDIT_SUPPORT_PLAN, plan.municipality_id),
            "today": timezone.localdate(),
            **approval_part(
                request,
                plan,
                edit_action=Action.EDIT_SUPPORT_PLAN,
                view_action=Action.VIEW_SUPPORT_PLAN,
                submit_url=reverse("plan-submit", args=[plan.pk]),
            ),
        },
    )


@login_required
@require_POST
def plan_submit(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Ask a supervisor to approve this version (tsunagu.approvals)."""
    plan = get_plan_for_user(request.user, plan_id, Action.EDIT_SUPPORT_PLAN)
    return submit(
        request,
        plan,
        kind="support_plan",
        action=Action.EDIT_SUPPORT_PLAN,
        detail_url=reverse("plan-detail", args=[plan.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id, Action.EDIT_SUPPORT_PLAN)
    if not plan.is_editable:
        messages.error(
            request, _("承認待ち・承認済みの版は変更できません。新しい版を作成してください。")
        )
        return redirect("plan-detail", plan_id=plan.pk)
    forms = PlanForms(plan, request.POST if request.method == "POST" else None)
    if request.method == "POST" and forms.is_valid():
        try:
            save_plan(request.user, plan, **forms.service_kwargs())
        except ValidationError as error:
            forms.add_errors(error)
        else:
            messages.success(request, _("支援計画を保存しました。"))
            return redirect("plan-detail", plan_id=plan.pk)
    return render(
        request,
        "plans/plan_edit.html",
        {"plan": plan, "case": plan.case, "forms": forms},
    )
