from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from tsunagu.accounts.permissions import Action, memberships_for
from tsunagu.audit.log import record_list
from tsunagu.people.models import Case
from tsunagu.tenancy.models import Municipality, Window


def public_home(request: HttpRequest) -> HttpResponse:
    windows = Window.objects.filter(is_public=True).prefetch_related("opening_hours")
    municipalities = Municipality.objects.select_related("prefecture").prefetch_related(
        Prefetch("windows", queryset=windows, to_attr="public_windows")
    )
    return render(request, "public/home.html", {"municipalities": municipalities})


def window_detail(request: HttpRequest, municipality_code: str, slug: str) -> HttpResponse:
    window = get_object_or_404(
        Window.objects.select_related("municipality", "operator").prefetch_related(
            "opening_hours", "opening_exceptions"
        ),
        municipality__code=municipality_code,
        slug=slug,
        is_public=True,
    )
    return render(request, "public/window_detail.html", {"window": window})


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    memberships = memberships_for(request.user)
    cases = list(
        Case.objects.visible_to(request.user, Action.VIEW_CASE)
        .select_related("person", "window")
        .order_by("-updated_at")[:20]
    )
    record_list(Case, cases, page="staff_home")
    return render(
        request,
        "staff/home.html",
        {
            "memberships": memberships,
            "cases": cases,
        },
    )
