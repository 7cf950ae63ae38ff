"""Person pages: the person, the edit form (和暦 birth dates) and household members.

Case pages are in ``case_views``, merges in ``merge_views``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.accounts.permissions import Action, can, require
from tsunagu.audit.log import last_viewers

from . import services
from .access import get_person_for_user
from .fields import shown_fields
from .forms import HouseholdMemberForm, PersonForm
from .queries import cases_of_person, households_of

PERSON_FIELDS = [
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "nickname",
    "sex",
    "birth_date",
    "phone",
    "address",
    "district",
    "contact_notes",
    "notes",
]
CASE_FIELDS = [
    "status",
    "engagement_stage",
    "window",
    "lead_worker",
    "opened_on",
    "closure_reason",
    "closed_on",
    "summary",
]


def _access_log(request: HttpRequest, obj) -> list | None:
    if can(request.user, Action.VIEW_ACCESS_LOG, obj.municipality_id):
        return last_viewers(obj)
    return None


def add_form_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form (by field where the form has it)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _person_page(request: HttpRequest, person, **extra) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    can_edit = can(user, Action.EDIT_PERSON, person.municipality_id)
    context = {
        "person": person,
        "fields": shown_fields(user, person, PERSON_FIELDS),
        "households": households_of(user, person, today),
        "cases": list(cases_of_person(user, person)),
        "can_edit": can_edit and not person.merged_into_id,
        "can_merge": can(user, Action.MERGE_PERSONS, person.municipality_id),
        "can_view_disclosures": can(user, Action.VIEW_DISCLOSURES, person.municipality_id),
        "can_answer_disclosure_request": can(
            user, Action.EXPORT_DISCLOSURE, person.municipality_id
        ),
        "member_form": HouseholdMemberForm() if can_edit else None,
        "access_log": _access_log(request, person),
        **extra,
    }
    return render(request, "people/person_detail.html", context)


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    return _person_page(request, person)


@login_required
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    require(request.user, Action.EDIT_PERSON, person.municipality_id)
    form = PersonForm.for_person(person, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        values = form.changed_values()
        if "birth_text" in values:
            values["birth_text"] = values["birth_text"] or None
        try:
            services.update_person(request.user, person, **values)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("本人の情報を保存しました。"))
            return redirect("person-detail", person.pk)
    return render(request, "people/person_edit.html", {"person": person, "form": form})


@login_required
@require_POST
def household_member_add(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    require(request.user, Action.EDIT_PERSON, person.municipality_id)
    form = HouseholdMemberForm(request.POST)
    if form.is_valid():
        try:
            services.add_household_member(request.user, person, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("世帯員を追加しました。"))
            return redirect("person-detail", person.pk)
    return _person_page(request, person, member_form=form)
