"""Pages of the contact log. Every view starts with an access helper."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.accounts.permissions import Action, can, require
from tsunagu.audit.log import record_list
from tsunagu.people.access import get_case_for_user
from tsunagu.people.models import Case
from tsunagu.people.visibility import field_policy

from .access import (
    contacts_of_case,
    get_contact_for_user,
    visits_of_case,
)
from .forms import ContactForm, NoteFormSet, VisitPlanForm, note_parts
from .models import Contact, NoteSource, OutreachVisit
from .services import complete_next_action, disclosure_view, log_contact

PAGE_SIZE = 20
PANEL_SIZE = 5


def contact_fields(form: Form) -> dict[str, Any]:
    """The keyword arguments of log_contact/record_visit from a valid ContactForm."""
    data = dict(form.cleaned_data)
    data["staff"] = list(data.get("staff") or [])
    data["summary"] = data.get("summary") or ""
    data["next_action"] = data.get("next_action") or ""
    return data


def add_service_errors(form: Form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


def _open_next_actions(contacts: list) -> list:
    return [c for c in contacts if c.has_open_next_action]


@login_required
def contact_log(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    can_edit = can(request.user, Action.EDIT_CASE, case.municipality_id)
    form = notes = None
    if request.method == "POST":
        require(request.user, Action.EDIT_CASE, case.municipality_id)
        form = ContactForm(request.POST, municipality_id=case.municipality_id, actor=request.user)
        notes = NoteFormSet(request.POST, prefix="notes")
        if form.is_valid() and notes.is_valid():
            try:
                log_contact(request.user, case, **contact_fields(form), notes=note_parts(notes))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("支援記録を追加しました。"))
                return redirect("contact-log", case_id=case.pk)
    if can_edit and form is None:
        form = ContactForm(municipality_id=case.municipality_id, actor=request.user)
        notes = NoteFormSet(prefix="notes")
    page_obj = Paginator(contacts_of_case(request.user, case), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    record_list(Contact, page_obj, page="contact_log")
    return render(
        request,
        "contacts/contact_log.html",
        {
            "case": case,
            "page_obj": page_obj,
            "contacts": page_obj.object_list,
            "can_edit": can_edit,
            "form": form,
            "notes": notes,
            "plan_form": VisitPlanForm(municipality_id=case.municipality_id, actor=request.user)
            if can_edit
            else None,
            "planned_visits": visits_of_case(request.user, case, OutreachVisit.Status.PLANNED),
            "now": timezone.localtime(),
            "open_form": request.GET.get("new") == "1",  # the case page's 「支援記録を追加」
        },
    )


def panel_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    """Context of the case-page panel (latest contacts + open next actions)."""
    latest = list(contacts_of_case(request.user, case, with_notes=False)[:PANEL_SIZE])
    return {
        "case": case,
        "contacts": latest,
        "open_actions": _open_next_actions(latest),
        "can_edit": can(request.user, Action.EDIT_CASE, case.municipality_id),
        "today": timezone.localdate(),
    }


@login_required
def contact_panel(request: HttpRequest, case_id: int) -> HttpResponse:
    """HTMX partial for the case page: the latest 5 contacts and the open next actions."""
    case = get_case_for_user(request.user, case_id)
    return render(request, "contacts/_panel.html", panel_context(request, case))


@login_required
def contact_detail(request: HttpRequest, contact_id: int) -> HttpResponse:
    """One contact; with ?source=… the note parts of those sources only (開示請求への回答)."""
    contact = get_contact_for_user(request.user, contact_id)
    chosen = [s for s in request.GET.getlist("source") if s in NoteSource.values]
    parts = []
    if field_policy(request.user).readable(contact, "summary"):
        parts = disclosure_view(contact, include_sources=chosen or None)
    return render(
        request,
        "contacts/contact_detail.html",
        {
            "contact": contact,
            "case": contact.case,
            "can_edit": can(request.user, Action.EDIT_CASE, contact.municipality_id),
            "parts": parts,
            "sources": NoteSource.choices,
            "chosen": chosen,
            "today": timezone.localdate(),
        },
    )


@login_required
def next_action_done(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = get_contact_for_user(request.user, contact_id)
    if request.method == "POST":
        complete_next_action(request.user, contact)
        messages.success(request, _("次回の対応を済みにしました。"))
        if request.POST.get("next") == "log":
            return redirect("contact-log", case_id=contact.case_id)
        if request.POST.get("next") == "case":
            return redirect("case-detail", case_id=contact.case_id)
    return redirect("contact-detail", contact_id=contact.pk)
