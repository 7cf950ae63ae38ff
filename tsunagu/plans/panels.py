"""The case page's panel of the assessment and the support plan: the newest version of each,
with links — one query (a scoped read of the case with the two newest versions as
subqueries), and none at all for roles that hold neither action."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, can
from tsunagu.assessments.models import Assessment
from tsunagu.assessments.versioning import SENSITIVE, VersionStatus
from tsunagu.core.fixed_query import FixedQuery
from tsunagu.people.models import Case
from tsunagu.tenancy.access import fetch_in_scope
from tsunagu.tenancy.scoping import scope_subquery

from .models import SupportPlan

NEWEST = {
    "assessment": (Assessment, ("pk", "number", "status", "assessed_on")),
    "plan": (SupportPlan, ("pk", "number", "status", "review_on")),
}


def _newest(model: type, field: str) -> Subquery:
    rows = scope_subquery(model, Q(case_id=OuterRef("pk"))).order_by("-number")
    return Subquery(rows.values(field)[:1])


def _newest_versions(user: User, action: str, kinds: tuple[str, ...], case_id: int) -> QuerySet:
    """The case again, through the scope these documents need (a grant must cover S): the
    versions are visible exactly when it is (assessments.versioning)."""
    annotations = {
        f"{kind}_{field}": _newest(NEWEST[kind][0], field)
        for kind in kinds
        for field in NEWEST[kind][1]
    }
    return (
        Case.objects.visible_to(user, action, needs=SENSITIVE)
        .filter(pk=case_id)
        .annotate(**annotations)
        .values_list(*annotations)
    )


_NEWEST_VERSIONS = FixedQuery(_newest_versions, case_id=int)  # on every case page


def panel_context(request: HttpRequest, case: Case) -> dict[str, Any] | None:
    user = request.user
    shows = {
        "assessment": can(user, Action.VIEW_ASSESSMENT, case.municipality_id),
        "plan": can(user, Action.VIEW_SUPPORT_PLAN, case.municipality_id),
    }
    if not any(shows.values()):
        return None
    action = Action.VIEW_ASSESSMENT if shows["assessment"] else Action.VIEW_SUPPORT_PLAN
    kinds = tuple(kind for kind in NEWEST if shows[kind])
    rows = fetch_in_scope(_NEWEST_VERSIONS, user, action, kinds, case_id=case.pk)
    if not rows:
        return None  # reached through a grant without S, or a role that may not see them
    names = [f"{kind}_{field}" for kind in kinds for field in NEWEST[kind][1]]
    row = dict(zip(names, rows[0], strict=True))
    context: dict[str, Any] = {"today": timezone.localdate()}
    for kind, (_model, fields) in NEWEST.items():
        context[f"show_{kind}"] = shows[kind]
        if shows[kind] and row[f"{kind}_pk"] is not None:
            values = {field: row[f"{kind}_{field}"] for field in fields}
            values["status_label"] = VersionStatus(values["status"]).label
            context[kind] = values
    return context


def register() -> None:
    from tsunagu.people.panels import register_case_panel

    register_case_panel("assessment_plan", "plans/_case_panel.html", panel_context, order=15)
