"""Test builders for assessments: versions on the world's cases.

`add_assessments(world)` gives every Side `assessment` (on `case`) and `other_assessment` (on
`other_case`), each an approved first version, so the URL parameter `assessment_id` can be
walked.
"""

from __future__ import annotations

import datetime

from tsunagu.assessments.models import Assessment, Domain, DomainRating, Rating
from tsunagu.assessments.versioning import VersionStatus
from tsunagu.people.models import Case

from .world import World


def make_assessment(
    case: Case,
    *,
    number: int = 1,
    status: str = VersionStatus.APPROVED,
    ratings: dict[str, tuple[str, str]] | None = None,
    **fields: object,
) -> Assessment:
    values: dict[str, object] = {
        "assessed_on": datetime.date(2026, 4, 10),
        "wishes": "外に出られるようになりたい（要配慮）",
        "goals": "週に一度コンビニに行く",
        "strengths": "絵を描くのが得意",
    }
    values.update(fields)
    assessment = Assessment.objects.create(
        municipality_id=case.municipality_id, case=case, number=number, **values
    )
    ratings = ratings or {}
    DomainRating.objects.bulk_create(
        [
            DomainRating(
                municipality_id=case.municipality_id,
                assessment=assessment,
                domain=domain,
                rating=ratings.get(domain, (Rating.UNKNOWN, ""))[0],
                notes=ratings.get(domain, (Rating.UNKNOWN, ""))[1],
            )
            for domain in Domain.values
        ]
    )
    if status != VersionStatus.DRAFT:
        Assessment.objects.in_municipality(case.municipality_id).filter(pk=assessment.pk).update(
            status=status
        )
        assessment.refresh_from_db()
    return assessment


def add_assessments(world: World) -> World:
    for side in (world.home, world.away):
        side.assessment = make_assessment(
            side.case, ratings={Domain.MENTAL_HEALTH: (Rating.MODERATE, "不眠が続く（要配慮）")}
        )
        if side.other_case is side.case:
            side.other_assessment = side.assessment
        else:
            side.other_assessment = make_assessment(side.other_case)
    return world
