import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tsunagu.accounts.permissions import Action, can
from tsunagu.audit.log import record_list
from tsunagu.people.models import Case
from tsunagu.people.visibility import field_policy

from .services import dashboard_sections, week_bounds


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    casework = can(user, Action.VIEW_CASE)
    sections = dashboard_sections(user, today) if casework else []
    start, end = week_bounds(today)
    by_key = {s.key: s for s in sections}
    if sections:
        shown_cases = {c.pk: c for c in by_key["cases"].items}
        for item in by_key["overdue"].items + by_key["visits"].items:
            shown_cases.setdefault(item.case.pk, item.case)
        record_list(Case, shown_cases.values(), page="dashboard")
        field_policy(user).prime(by_key["overdue"].items)
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "casework": casework,
            "sections": by_key,
            "today": today,
            "week_start": timezone.localdate(start),
            "week_end": timezone.localdate(end - datetime.timedelta(days=1)),
        },
    )
