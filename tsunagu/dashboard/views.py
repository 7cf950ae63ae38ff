import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.accounts.permissions import Action, can, municipalities_where
from tsunagu.approvals.services import waiting_for
from tsunagu.audit.log import record_list
from tsunagu.contacts.models import Contact
from tsunagu.intake.models import Intake
from tsunagu.people.models import Case, CaseAccess
from tsunagu.people.visibility import field_policy
from tsunagu.plans.models import SupportPlan

from .services import dashboard_sections, week_bounds
from .team import shown_cases, stage_counts, team_sections


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
        shown = by_key["overdue"].items + by_key["visits"].items + by_key["plan_reviews"].items
        for item in shown:
            shown_cases.setdefault(item.case.pk, item.case)
        record_list(Case, shown_cases.values(), page="dashboard")
        record_list(SupportPlan, by_key["plan_reviews"].items, page="dashboard")
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
            "team_view": bool(municipalities_where(user, Action.VIEW_TEAM)),
            # supervisors: how many approval requests wait (one COUNT; others pay nothing)
            "approvals_waiting": (
                waiting_for(user).count() if municipalities_where(user, Action.APPROVE) else None
            ),
        },
    )


@login_required
def team(request: HttpRequest) -> HttpResponse:
    """The supervisor's team view (チームの状況)."""
    user = request.user
    if not municipalities_where(user, Action.VIEW_TEAM):
        raise PermissionDenied(_("この操作を行う権限がありません。"))
    today = timezone.localdate()
    sections = team_sections(user, today)
    policy = field_policy(user)
    cases = shown_cases(sections)
    policy.prime(cases)
    policy.prime(sections["overdue"].items)
    policy.prime(sections["urgent"].items)
    record_list(Case, cases, page="team")
    record_list(Contact, sections["overdue"].items, page="team")
    record_list(Intake, sections["urgent"].items, page="team")
    record_list(CaseAccess, sections["handoffs"].items, page="team")
    return render(
        request,
        "dashboard/team.html",
        {
            "sections": sections,
            "stages": stage_counts(user),
            "today": today,
            "may_configure": bool(municipalities_where(user, Action.MANAGE_CASEWORK_SETTINGS)),
        },
    )
