"""Pages for 民生委員 (new report, own reports) and for staff who triage the reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tsunagu.accounts.permissions import Action, can, require
from tsunagu.audit.log import record_list
from tsunagu.people.fields import shown_fields

from .forms import ConcernReportForm
from .models import ConcernReport
from .services import (
    REPORT_FIELDS,
    TRIAGE_ACTION,
    get_report_for_triage,
    mark_triaged,
    outcome_of,
    own_reports,
    reporting_municipalities,
    submit_report,
    triage_list,
)

PAGE_SIZE = 50


@login_required
def report_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.SUBMIT_CONCERN_REPORT)
    form = ConcernReportForm(
        request.POST or None, municipalities=reporting_municipalities(request.user)
    )
    if request.method == "POST" and form.is_valid():
        submit_report(request.user, form.chosen_municipality(), **form.report_fields())
        messages.success(
            request, _("連絡を受け付けました。担当の職員が確認します。ありがとうございました。")
        )
        return redirect("concern-mine")
    return render(request, "concerns/report_form.html", {"form": form})


@login_required
def report_mine(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.SUBMIT_CONCERN_REPORT)
    page = Paginator(own_reports(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    record_list(ConcernReport, page, page="concern_mine")
    return render(request, "concerns/mine.html", {"page_obj": page, "reports": page.object_list})


@login_required
def report_triage_list(request: HttpRequest) -> HttpResponse:
    require(request.user, TRIAGE_ACTION)
    page = Paginator(triage_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    record_list(ConcernReport, page, page="concern_triage_list")
    return render(
        request, "concerns/triage_list.html", {"page_obj": page, "reports": page.object_list}
    )


@login_required
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_report_for_triage(request.user, report_id)
    fields = shown_fields(request.user, report, list(REPORT_FIELDS))
    return render(
        request,
        "concerns/detail.html",
        {
            "report": report,
            "fields": fields,
            "can_triage": can(request.user, TRIAGE_ACTION, report.municipality_id),
            "outcome": outcome_of(request.user, report),
        },
    )


@login_required
def report_triage(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_report_for_triage(request.user, report_id)
    if request.method == "POST":
        mark_triaged(request.user, report)
        messages.success(request, _("確認済みにしました。"))
        return redirect("concern-list")
    return redirect("concern-detail", report_id=report.pk)
