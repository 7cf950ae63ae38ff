"""Access helpers of assessments (and of the support plans, which share the rule): fetch
through the scoping with the grant coverage of S-class data, check, audit."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action
from tsunagu.people.models import Case
from tsunagu.tenancy.access import fetch_for_user

from .models import Assessment, DomainRating
from .versioning import SENSITIVE


def get_case_for_document(user: User, case_id: int, action: str) -> Case:
    """The case, for a page of its assessments or plans: the user's role may do `action`
    (VIEW_ASSESSMENT, …) and reaches the case — through a grant, one that covers S."""
    return fetch_for_user(
        user,
        action,
        Case,
        case_id,
        related=["person", "window", "lead_worker", "municipality"],
        needs=SENSITIVE,
    )


def _ratings(user: User) -> QuerySet[DomainRating]:
    return DomainRating.objects.visible_to(user, Action.VIEW_ASSESSMENT, needs=SENSITIVE)


def get_assessment_for_user(
    user: User, assessment_id: int, action: str = Action.VIEW_ASSESSMENT
) -> Assessment:
    return fetch_for_user(
        user,
        action,
        Assessment,
        assessment_id,
        related=["case", "case__person", "case__window", "created_by"],
        prefetch=[Prefetch("ratings", queryset=_ratings(user))],
        needs=SENSITIVE,
    )


def assessments_of_case(user: User, case: Case) -> QuerySet[Assessment]:
    """The case's versions, newest first (without their ratings)."""
    return (
        Assessment.objects.visible_to(user, Action.VIEW_ASSESSMENT, needs=SENSITIVE)
        .filter(case=case)
        .select_related("created_by")
        .order_by("-number")
    )


def ratings_of(assessment: Assessment) -> dict[str, DomainRating]:
    """A fetched version's ratings by domain (prefetched by get_assessment_for_user)."""
    return {r.domain: r for r in assessment.ratings.all()}
