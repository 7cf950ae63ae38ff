"""The review page of a case study and its production as a PDF (thin: draft.py, review.py and
services.py hold the rules). Only roles with EXPORT_RECORDS (supervisors) reach it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from tsunagu.accounts.permissions import Action
from tsunagu.consent.disclosure import valid_consents
from tsunagu.people.access import get_case_for_user
from tsunagu.people.models import Case

from .draft import build_draft
from .forms import BasisForm
from .parts import Draft
from .review import apply_review
from .services import produce_case_study

PRODUCE = "produce"


@login_required
@require_http_methods(["GET", "POST"])
def case_study(request: HttpRequest, case_id: int) -> HttpResponse:
    # The export action decides who may open the page at all: another municipality's case and
    # a role without EXPORT_RECORDS both answer 404 (and are audited as denied).
    case = get_case_for_user(request.user, case_id, Action.EXPORT_RECORDS)
    draft = build_draft(request.user, case)
    consents = valid_consents(case)
    if request.method == "GET":
        form = BasisForm(case=case, consents=consents)
        texts = {line.key: line.text for _, line in draft.lines()}
        return _page(request, case, draft, form, texts, {})
    reviewed = apply_review(draft, request.POST)
    form = BasisForm(request.POST, case=case, consents=consents)
    produce = request.POST.get("action") == PRODUCE
    if produce and form.is_valid() and reviewed.is_valid:
        try:
            pdf = produce_case_study(
                request.user,
                case,
                reviewed,
                organizations=list(form.cleaned_data["organizations"]),
                basis=form.chosen_basis(),
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="case-study-{case.pk}.pdf"'
            return response
    elif not produce:
        # 「確認する」: the lines are checked again, the basis is not asked for yet.
        form = BasisForm(case=case, consents=consents, initial=_basis_initial(request))
    return _page(request, case, draft, form, reviewed.texts, reviewed.errors, checked=True)


def _basis_initial(request: HttpRequest) -> dict[str, object]:
    return {
        "organizations": request.POST.getlist("organizations")[:200],
        "basis": request.POST.get("basis", "")[:50],
        "statute_name": request.POST.get("statute_name", "")[:200],
    }


def _page(
    request: HttpRequest,
    case: Case,
    draft: Draft,
    form: BasisForm,
    texts: dict[str, str],
    errors: dict[str, str],
    *,
    checked: bool = False,
) -> HttpResponse:
    sections = [
        {
            "section": section,
            "lines": [
                {
                    "line": line,
                    "text": texts.get(line.key, line.text),
                    "error": errors.get(line.key, ""),
                    "omitted": bool(request.POST.get(f"omit-{line.key}")),
                }
                for line in section.lines
            ],
        }
        for section in draft.sections
    ]
    return render(
        request,
        "casestudies/review.html",
        {
            "case": case,
            "draft": draft,
            "sections": sections,
            "form": form,
            "line_errors": len(errors),
            "flagged": [line for _, line in draft.lines() if line.key in errors],
            "checked": checked,
        },
    )
