"""Case pages: the case list, the case page and its actions (status, engagement, lead)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, can
from tsunagu.approvals.services import pending_for
from tsunagu.audit.log import record_list

from . import closure, grants, handoff, services, timeline
from .access import get_case_for_user
from .fields import shown_fields
from .forms import EngagementForm, LeadForm, StatusForm
from .models import Case, EngagementStage
from .panels import case_panel_contexts, case_summary
from .queries import households_of
from .summary import age_label
from .views import CASE_FIELDS, PERSON_FIELDS, _access_log, add_form_errors
from .visibility import field_policy
from .workflow import allowed_next, is_reopen

CASES_PER_PAGE = 25


def _transitions(case: Case) -> list[dict[str, object]]:
    labels = dict(Case.Status.choices)
    return [
        {
            "to": to,
            "label": labels[to],
            "closing": to == Case.Status.CLOSED,
            "reopen": is_reopen(case.status, to),
        }
        for to in allowed_next(case.status)
    ]


def _timeline(request: HttpRequest, case: Case) -> tuple[timeline.TimelinePage, list[str]]:
    """The timeline page asked for by ?kind= and ?before= (bad values: a message, the top)."""
    errors = []
    try:
        kind = timeline.clean_kind(request.GET.get("kind", ""))
    except ValidationError as error:
        kind, errors = "", errors + error.messages
    try:
        before = timeline.parse_cursor(request.GET.get("before"))
    except ValidationError as error:
        before, errors = None, errors + error.messages
    return timeline.timeline_page(request.user, case, kind=kind, before=before), errors


def _case_page(request: HttpRequest, case: Case) -> HttpResponse:
    user = request.user
    page, filter_errors = _timeline(request, case)
    if request.headers.get("HX-Request") and request.GET.get("before"):
        # 「もっと見る」 (HTMX): the next entries only; without JS the link loads the whole page
        context = {"case": case, "timeline": page, "today": timezone.localdate()}
        return render(request, "people/case/_timeline_entries.html", context)
    today = timezone.localdate()
    households = households_of(user, case.person, today)
    policy = field_policy(user)
    context = {
        "case": case,
        "person": case.person,
        "age": age_label(case.person, today) if policy.readable(case.person, "birth_date") else "",
        "today": today,
        "summary": case_summary(request, case),
        "fields": shown_fields(user, case, CASE_FIELDS),
        "person_fields": shown_fields(user, case.person, PERSON_FIELDS[:7]),
        "households": households,
        "is_8050": any(h.is_8050 for h in households),
        "timeline": page,
        "kinds": timeline.kind_choices(),
        "filter_errors": filter_errors,
        "can_edit": can(user, Action.EDIT_CASE, case.municipality_id),
        "can_edit_person": can(user, Action.EDIT_PERSON, case.municipality_id),
        "can_hand_off": handoff.may_hand_off(user, case),
        "grants": grants.current_grants(user, case),
        "panels": case_panel_contexts(request, case),
        "access_log": _access_log(request, case),
    }
    return render(request, "people/case_detail.html", context)


def _action_page(request: HttpRequest, case: Case, name: str, form: Form) -> HttpResponse:
    """The page of one case action (the case page's button opens it; errors come back here)."""
    title, form_id, template = {
        "status_form": (_("状況を変更"), "status-form", "people/case/_status_form.html"),
        "engagement_form": (
            _("関わりの段階を記録"),
            "engagement-form",
            "people/case/_engagement_form.html",
        ),
        "lead_form": (_("主担当を変更"), "lead-form", "people/case/_lead_form.html"),
    }[name]
    context = {
        "case": case,
        "title": title,
        "form_id": form_id,
        "form_template": template,
        name: form,
        "transitions": _transitions(case) if name == "status_form" else [],
        "pending_approval": pending_for(case) if name == "status_form" else None,
    }
    return render(request, "people/case/action.html", context)


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    return _case_page(request, case)


def _editable_case(request: HttpRequest, case_id: int) -> Case:
    case = get_case_for_user(request.user, case_id)
    if not can(request.user, Action.EDIT_CASE, case.municipality_id):
        raise PermissionDenied(_("この操作を行う権限がありません。"))
    return case


@login_required
@require_http_methods(["GET", "POST"])
def case_status(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _editable_case(request, case_id)
    if request.method == "GET":
        return _action_page(request, case, "status_form", StatusForm())
    form = StatusForm(request.POST)
    if form.is_valid():
        to = form.cleaned_data["to"]
        try:
            if to == Case.Status.CLOSED:  # 終結 is requested; a supervisor approves it
                closure.request_closure(
                    request.user,
                    case,
                    closure_reason=form.cleaned_data["closure_reason"] or None,
                    reason=form.cleaned_data["reason"],
                )
            else:
                services.change_status(
                    request.user,
                    case,
                    to,
                    reason=form.cleaned_data["reason"],
                    closure_reason=form.cleaned_data["closure_reason"] or None,
                )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            if to == Case.Status.CLOSED:
                messages.success(
                    request, _("終結の承認を申請しました。監督者が承認すると終結になります。")
                )
            else:
                messages.success(
                    request,
                    _("状況を「%(status)s」にしました。") % {"status": case.get_status_display()},
                )
            return redirect("case-detail", case.pk)
    return _action_page(request, case, "status_form", form)


@login_required
@require_http_methods(["GET", "POST"])
def case_engagement(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _editable_case(request, case_id)
    if request.method == "GET":
        form = EngagementForm(initial={"stage": case.engagement_stage})
        return _action_page(request, case, "engagement_form", form)
    form = EngagementForm(request.POST)
    if form.is_valid():
        try:
            services.change_engagement(
                request.user, case, form.cleaned_data["stage"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("本人との関わりの段階を記録しました。"))
            return redirect("case-detail", case.pk)
    return _action_page(request, case, "engagement_form", form)


@login_required
@require_http_methods(["GET", "POST"])
def case_lead(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _editable_case(request, case_id)
    if request.method == "GET":
        initial = {"worker": case.lead_worker_id or ""}
        form = LeadForm(municipality_id=case.municipality_id, initial=initial)
        return _action_page(request, case, "lead_form", form)
    form = LeadForm(request.POST, municipality_id=case.municipality_id)
    if form.is_valid():
        worker_id = form.cleaned_data["worker"]
        worker = User.objects.filter(pk=worker_id).first() if worker_id else None
        try:
            services.assign_lead(request.user, case, worker)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("主担当を変更しました。"))
            return redirect("case-detail", case.pk)
    return _action_page(request, case, "lead_form", form)


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can(user, Action.VIEW_CASE):
        raise PermissionDenied(_("この操作を行う権限がありません。"))
    cases = Case.objects.visible_to(user, Action.VIEW_CASE).select_related(
        "person", "window", "lead_worker"
    )
    status = request.GET.get("status", "")
    if status in Case.Status.values:
        cases = cases.filter(status=status)
    else:
        status = ""
    stage = request.GET.get("stage", "")
    if stage in EngagementStage.values:
        cases = cases.filter(engagement_stage=stage)
    else:
        stage = ""
    open_only = request.GET.get("open") == "1"
    if open_only:
        cases = cases.exclude(status=Case.Status.CLOSED)
    mine = request.GET.get("mine") == "1"
    if mine:
        cases = cases.filter(lead_worker=user)
    page = Paginator(cases.order_by("-updated_at", "-pk"), CASES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    policy = field_policy(user)
    rows = [(case, policy.readable(case, "person")) for case in page]
    record_list(Case, page, page="case_list")
    return render(
        request,
        "people/case_list.html",
        {
            "page_obj": page,
            "rows": rows,
            "status": status,
            "mine": mine,
            "stage": stage,
            "open_only": open_only,
            "stages": EngagementStage.choices,
            "statuses": Case.Status.choices,
            "page_range": page.paginator.get_elided_page_range(page.number),
        },
    )
