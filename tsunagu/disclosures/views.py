"""The pages of a 開示請求 (thin: assemble.py, review.py, services.py hold the rules). Only roles
with EXPORT_DISCLOSURE (supervisors) reach them; anyone else gets 404, audited as denied."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tsunagu.audit.log import record_list
from tsunagu.consent.forms import add_service_errors

from . import document
from .access import get_person_for_disclosure, get_request_for_user, requests_of_person
from .assemble import Record
from .forms import RequestForm
from .models import DisclosureRequest
from .review import Marks, apply_marks, decision_of, undecided
from .rules import Tag, WithholdReason
from .services import export, open_request, read_record, save_decisions

SAVE = "save"


@login_required
@require_http_methods(["GET", "POST"])
def person_requests(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_person_for_disclosure(request.user, person_id)
    form = RequestForm(request.POST or None, initial={"requester": "person"})
    if request.method == "POST" and form.is_valid():
        try:
            created = open_request(request.user, person, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("disclosure-request", disclosure_request_id=created.pk)
    requests = requests_of_person(request.user, person)
    record_list(DisclosureRequest, requests, page="disclosure_requests")
    return render(
        request,
        "disclosures/person_requests.html",
        {"person": person, "requests": requests, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, disclosure_request_id: int) -> HttpResponse:
    disclosure_request = get_request_for_user(request.user, disclosure_request_id)
    record = read_record(request.user, disclosure_request)
    if request.method == "GET":
        return _page(request, disclosure_request, record, Marks(disclosure_request.decisions))
    marks = apply_marks(record, disclosure_request.decisions, request.POST)
    action = request.POST.get("action", SAVE)
    if not marks.is_valid:
        return _page(request, disclosure_request, record, marks, status=422)
    if action in document.FORMATS:
        try:
            body = export(request.user, disclosure_request, record, marks.decisions, action)
        except ValidationError as error:
            return _page(request, disclosure_request, record, marks, error.messages, 422)
        response = HttpResponse(body, content_type=document.CONTENT_TYPES[action])
        name = f"disclosure-{disclosure_request.pk}.{action}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    save_decisions(request.user, disclosure_request, marks.decisions)
    messages.success(request, _("判断を保存しました。"))
    return redirect("disclosure-request", disclosure_request_id=disclosure_request.pk)


def _page(
    request: HttpRequest,
    disclosure_request: DisclosureRequest,
    record: Record,
    marks: Marks,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    sections = [
        {
            "title": section.title,
            "items": [
                {
                    "item": item,
                    "id": f"{s}-{i}",
                    "decision": _shown_decision(request, marks, item),
                    "error": marks.errors.get(item.key, ""),
                }
                for i, item in enumerate(section.items, 1)
            ],
        }
        for s, section in enumerate(record.sections, 1)
    ]
    context = {
        "req": disclosure_request,
        "person": disclosure_request.person,
        "sections": sections,
        "hidden": record.hidden,
        "undecided": len(undecided(record, marks.decisions)),
        "errors": len(marks.errors),
        "problems": problems or [],
        "reasons": WithholdReason.choices,
        "tags": Tag.choices,
        "total": len(record.items),
    }
    return render(request, "disclosures/review.html", context, status=status)


def _shown_decision(request: HttpRequest, marks: Marks, item) -> tuple[str, str]:
    """What the form shows: the posted choice (a page shown again after an error), else the
    saved decision or the tag's default."""
    posted = request.POST.get(f"decision:{item.key}") if request.method == "POST" else None
    if posted:
        return posted, request.POST.get(f"reason:{item.key}", "")
    return decision_of(marks.decisions, item)
