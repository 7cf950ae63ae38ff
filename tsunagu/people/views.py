from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tsunagu.accounts.permissions import Action, can
from tsunagu.audit.log import viewers_of

from .access import get_case_for_user, get_person_for_user
from .fields import shown_fields

PERSON_FIELDS = [
    "family_name", "given_name", "family_name_kana", "given_name_kana", "nickname",
    "birth_date", "phone", "address", "notes",
]
CASE_FIELDS = ["status", "window", "lead_worker", "opened_on", "summary"]


def _access_log(request: HttpRequest, obj) -> list | None:
    if can(request.user, Action.VIEW_ACCESS_LOG, obj.municipality_id):
        return list(viewers_of(obj)[:50])
    return None


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "fields": shown_fields(request.user, person, PERSON_FIELDS),
            "access_log": _access_log(request, person),
        },
    )


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    return render(
        request,
        "people/case_detail.html",
        {
            "case": case,
            "fields": shown_fields(request.user, case, CASE_FIELDS),
            "person_fields": shown_fields(request.user, case.person, PERSON_FIELDS[:5]),
            "access_log": _access_log(request, case),
        },
    )
