"""Outreach visits: plan, record (turns the plan into a done contact), cancel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tsunagu.accounts.permissions import Action, require
from tsunagu.people.access import get_case_for_user

from .access import get_visit_for_user
from .forms import NoteFormSet, VisitPlanForm, VisitRecordForm, note_parts
from .models import OutreachVisit
from .services import cancel_visit, plan_visit, record_visit
from .views import add_service_errors, contact_fields


@login_required
def visit_plan(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    require(request.user, Action.EDIT_CASE, case.municipality_id)
    kwargs = {"municipality_id": case.municipality_id, "actor": request.user}
    if request.method == "POST":
        form = VisitPlanForm(request.POST, **kwargs)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                visit = plan_visit(request.user, case, **{**data, "staff": list(data["staff"])})
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("訪問を予定しました。"))
                for warning in visit.warnings:
                    messages.warning(request, warning)
                return redirect("contact-log", case_id=case.pk)
    else:
        form = VisitPlanForm(**kwargs)
    return render(request, "contacts/visit_plan.html", {"case": case, "form": form})


def _refuse_if_not_planned(request: HttpRequest, visit: OutreachVisit) -> HttpResponse | None:
    if visit.status == OutreachVisit.Status.PLANNED:
        return None
    messages.error(request, _("この訪問はすでに記録済みか、中止されています。"))
    return redirect("contact-log", case_id=visit.case_id)


@login_required
def visit_record(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = get_visit_for_user(request.user, visit_id)
    require(request.user, Action.EDIT_CASE, visit.municipality_id)
    refused = _refuse_if_not_planned(request, visit)
    if refused is not None:
        return refused
    kwargs = {"municipality_id": visit.municipality_id, "actor": None}
    if request.method == "POST":
        form = VisitRecordForm(request.POST, **kwargs)
        notes = NoteFormSet(request.POST, prefix="notes")
        if form.is_valid() and notes.is_valid():
            try:
                record_visit(request.user, visit, **contact_fields(form), notes=note_parts(notes))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("訪問を記録しました。"))
                return redirect("contact-log", case_id=visit.case_id)
    else:
        initial = {"occurred_at": visit.planned_for, "staff": [u.pk for u in visit.staff.all()]}
        form = VisitRecordForm(initial=initial, **kwargs)
        notes = NoteFormSet(prefix="notes")
    return render(
        request,
        "contacts/visit_record.html",
        {
            "visit": visit,
            "case": visit.case,
            "form": form,
            "notes": notes,
        },
    )


@login_required
def visit_cancel(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = get_visit_for_user(request.user, visit_id)
    require(request.user, Action.EDIT_CASE, visit.municipality_id)
    refused = _refuse_if_not_planned(request, visit)
    if refused is not None:
        return refused
    if request.method == "POST":
        cancel_visit(request.user, visit)
        messages.success(request, _("訪問の予定を中止しました。"))
        return redirect("contact-log", case_id=visit.case_id)
    return render(request, "contacts/visit_cancel.html", {"visit": visit, "case": visit.case})
