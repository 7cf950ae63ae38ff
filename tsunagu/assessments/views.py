"""Pages of assessments. Every view starts with an access helper; writes go through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tsunagu.accounts.permissions import Action, can
from tsunagu.audit.log import record_list
from tsunagu.core.validation import clean_id
from tsunagu.people.views import add_form_errors

from .access import assessments_of_case, get_assessment_for_user, get_case_for_document
from .approval_views import approval_part, submit
from .forms import AssessmentForm
from .models import Assessment, Domain, DomainRating
from .services import changed_texts, compare, save_assessment, start_assessment
from .versioning import OPEN, SENSITIVE


def _may_edit(request: HttpRequest, assessment: Assessment) -> bool:
    return assessment.is_editable and can(
        request.user, Action.EDIT_ASSESSMENT, assessment.municipality_id
    )


@login_required
@require_GET
def assessment_list(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_document(request.user, case_id, Action.VIEW_ASSESSMENT)
    versions = list(assessments_of_case(request.user, case))
    record_list(Assessment, versions, page="assessment_list")
    may_edit = can(request.user, Action.EDIT_ASSESSMENT, case.municipality_id)
    return render(
        request,
        "assessments/assessment_list.html",
        {
            "case": case,
            "versions": versions,
            "may_start": may_edit and not (versions and versions[0].status in OPEN),
            "open_version": versions[0] if versions and versions[0].status in OPEN else None,
        },
    )


@login_required
@require_POST
def assessment_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_document(request.user, case_id, Action.EDIT_ASSESSMENT)
    try:
        assessment = start_assessment(request.user, case)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("assessment-list", case_id=case.pk)
    messages.success(request, _("第%(n)s版（下書き）を作成しました。") % {"n": assessment.number})
    return redirect("assessment-edit", assessment_id=assessment.pk)


@login_required
@require_GET
def assessment_detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, assessment_id)
    return render(
        request,
        "assessments/assessment_detail.html",
        {
            "assessment": assessment,
            "case": assessment.case,
            "ratings": sorted(assessment.ratings.all(), key=_domain_order),
            "may_edit": _may_edit(request, assessment),
            **approval_part(
                request,
                assessment,
                edit_action=Action.EDIT_ASSESSMENT,
                view_action=Action.VIEW_ASSESSMENT,
                submit_url=reverse("assessment-submit", args=[assessment.pk]),
            ),
        },
    )


@login_required
@require_POST
def assessment_submit(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """Ask a supervisor to approve this version (tsunagu.approvals)."""
    assessment = get_assessment_for_user(request.user, assessment_id, Action.EDIT_ASSESSMENT)
    return submit(
        request,
        assessment,
        kind="assessment",
        action=Action.EDIT_ASSESSMENT,
        detail_url=reverse("assessment-detail", args=[assessment.pk]),
    )


def _domain_order(row: DomainRating) -> int:
    return Domain.values.index(row.domain)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_edit(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, assessment_id, Action.EDIT_ASSESSMENT)
    if not assessment.is_editable:
        messages.error(
            request, _("承認待ち・承認済みの版は変更できません。新しい版を作成してください。")
        )
        return redirect("assessment-detail", assessment_id=assessment.pk)
    if request.method == "POST":
        form = AssessmentForm(request.POST)
        if form.is_valid():
            try:
                save_assessment(request.user, assessment, **form.service_kwargs())
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("アセスメントを保存しました。"))
                return redirect("assessment-detail", assessment_id=assessment.pk)
    else:
        form = AssessmentForm.for_version(assessment)
    return render(
        request,
        "assessments/assessment_edit.html",
        {"assessment": assessment, "case": assessment.case, "form": form},
    )


def _other_version(request: HttpRequest, assessment: Assessment) -> Assessment:
    """The version to compare with: ?with=<id> (of the same case), else the previous one."""
    raw = request.GET.get("with")
    if raw:
        try:
            other_id = clean_id(raw)
        except ValidationError:
            raise Http404 from None
    else:
        other_id = (
            Assessment.objects.visible_to(request.user, Action.VIEW_ASSESSMENT, needs=SENSITIVE)
            .filter(case_id=assessment.case_id, number__lt=assessment.number)
            .order_by("-number")
            .values_list("pk", flat=True)
            .first()
        )
        if other_id is None:
            raise Http404
    other = get_assessment_for_user(request.user, other_id)
    if other.case_id != assessment.case_id or other.pk == assessment.pk:
        raise Http404
    return other


@login_required
@require_GET
def assessment_compare(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """Two versions of one case side by side; the domains that changed are highlighted."""
    assessment = get_assessment_for_user(request.user, assessment_id)
    other = _other_version(request, assessment)
    older, newer = sorted((assessment, other), key=lambda a: a.number)
    changes = compare(older, newer)
    return render(
        request,
        "assessments/assessment_compare.html",
        {
            "case": assessment.case,
            "older": older,
            "newer": newer,
            "changes": changes,
            "changed_count": sum(c.changed for c in changes),
            "changed_texts": changed_texts(older, newer),
            "versions": list(assessments_of_case(request.user, assessment.case)),
        },
    )
