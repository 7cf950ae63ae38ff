"""Consent pages of a case (list with history, record, change, withdraw) and a person's
disclosure history (supervisors). Every view starts with an access helper."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.accounts.permissions import Action, can
from tsunagu.audit.log import record_list

from .access import (
    consents_of_case,
    disclosures_of_person,
    get_case_for_consents,
    get_consent_for_user,
    get_person_for_disclosures,
)
from .forms import ConsentForm, WithdrawForm, add_service_errors
from .models import Consent, ConsentOrganization, Disclosure
from .services import change_consent, record_consent, withdraw_consent

DISCLOSURES_PER_PAGE = 50


@login_required
def consent_list(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_consents(request.user, case_id)
    consents = list(consents_of_case(request.user, case))
    record_list(Consent, consents, page="consent_list")
    now = timezone.now()
    current = [c for c in consents if c.is_current(now)]
    history = [c for c in consents if not c.is_current(now)]
    municipality_id = case.municipality_id
    context = {
        "case": case,
        "current": current,
        "history": history,
        "can_manage": can(request.user, Action.MANAGE_CONSENTS, municipality_id),
        "can_view_disclosures": can(request.user, Action.VIEW_DISCLOSURES, municipality_id),
    }
    return render(request, "consent/consent_list.html", context)


@login_required
def consent_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_consents(request.user, case_id, Action.MANAGE_CONSENTS)
    initial = {"given_by": "person", "given_on": timezone.localdate()}
    form = ConsentForm(request.POST or None, initial=initial, municipality_id=case.municipality_id)
    if request.method == "POST" and form.is_valid():
        try:
            record_consent(request.user, case, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("同意を記録しました。"))
            return redirect("consent-list", case_id=case.pk)
    context = {"case": case, "form": form, "title": _("同意を記録する"), "replaces": None}
    return render(request, "consent/consent_form.html", context)


@login_required
def consent_change(request: HttpRequest, consent_id: int) -> HttpResponse:
    consent = get_consent_for_user(request.user, consent_id, Action.MANAGE_CONSENTS)
    case = consent.case
    links = ConsentOrganization.objects.visible_to(request.user, Action.MANAGE_CONSENTS)
    organization_ids = list(links.filter(consent=consent).values_list("organization_id", flat=True))
    initial = ConsentForm.initial_from(consent, organization_ids)
    form = ConsentForm(request.POST or None, initial=initial, municipality_id=case.municipality_id)
    if request.method == "POST" and form.is_valid():
        try:
            change_consent(request.user, consent, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("変更後の同意を新しい記録として保存しました。"))
            return redirect("consent-list", case_id=case.pk)
    context = {"case": case, "form": form, "title": _("同意を変更する"), "replaces": consent}
    return render(request, "consent/consent_form.html", context)


@login_required
def consent_withdraw(request: HttpRequest, consent_id: int) -> HttpResponse:
    consent = get_consent_for_user(request.user, consent_id, Action.MANAGE_CONSENTS)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            withdraw_consent(request.user, consent, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("同意の撤回を記録しました。この同意による情報提供はできなくなりました。")
            )
            return redirect("consent-list", case_id=consent.case_id)
    return render(
        request,
        "consent/consent_withdraw.html",
        {"consent": consent, "case": consent.case, "form": form},
    )


@login_required
def person_disclosures(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_person_for_disclosures(request.user, person_id)
    page = Paginator(disclosures_of_person(request.user, person), DISCLOSURES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    record_list(Disclosure, page, page="person_disclosures")
    return render(request, "consent/person_disclosures.html", {"person": person, "page_obj": page})
