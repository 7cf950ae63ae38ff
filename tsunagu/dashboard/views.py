import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tsunagu.accounts.permissions import Action, can
from tsunagu.contacts.access import may_read_sensitive

from .services import dashboard_sections, week_bounds


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    casework = can(user, Action.VIEW_CASE)
    sections = dashboard_sections(user, today) if casework else []
    start, end = week_bounds(today)
    memberships = user.active_memberships()
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "casework": casework,
            "sections": {s.key: s for s in sections},
            "today": today,
            "week_start": start.date(),
            "week_end": (end - datetime.timedelta(days=1)).date(),
            "can_read_s": any(may_read_sensitive(user, m.municipality_id) for m in memberships),
        },
    )
