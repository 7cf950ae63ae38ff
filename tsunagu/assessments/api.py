"""/api/v1/: assessments of a case through the same access helpers, permissions and services
as the pages (a django-ninja Router, mounted in tsunagu/api). Every field but the version's
number, status and date is 要配慮個人情報; only roles that read it reach an assessment at all."""

from __future__ import annotations

import datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from tsunagu.accounts.permissions import Action
from tsunagu.audit.log import record_list
from tsunagu.core.validation.schema import ChoiceIn, ModelTextIn, TextIn

from .access import assessments_of_case, get_assessment_for_user, get_case_for_document
from .models import Assessment, Domain, DomainRating, Rating
from .services import save_assessment, start_assessment

router = Router(tags=["assessments"])


class RatingIn(Schema):
    domain: ChoiceIn(Domain)
    rating: ChoiceIn(Rating)
    notes: ModelTextIn(DomainRating, "notes") = ""


class AssessmentIn(Schema):
    assessed_on: TextIn(40, required=True) = Field(
        ..., description="実施日（2026-04-20 または 令和8年4月20日）", examples=["2026-04-20"]
    )
    wishes: ModelTextIn(Assessment, "wishes") = ""
    goals: ModelTextIn(Assessment, "goals") = ""
    strengths: ModelTextIn(Assessment, "strengths") = ""
    summary: ModelTextIn(Assessment, "summary") = ""
    ratings: Annotated[list[RatingIn], Field(max_length=len(Domain.values))] = Field(
        [], description="領域ごとの評価（省略した領域は前の版の写しのまま）"
    )


class VersionOut(Schema):
    id: int
    number: int
    status: str
    status_label: str
    assessed_on: datetime.date


class VersionListOut(Schema):
    items: list[VersionOut]


class RatingOut(Schema):
    domain: str
    domain_label: str
    rating: str
    rating_label: str
    notes: str


class AssessmentOut(VersionOut):
    case_id: int
    wishes: str
    goals: str
    strengths: str
    summary: str
    ratings: list[RatingOut]
    created_by: str


class CreatedOut(Schema):
    id: int
    number: int


def _version(a: Assessment) -> dict:
    return {
        "id": a.pk,
        "number": a.number,
        "status": a.status,
        "status_label": str(a.get_status_display()),
        "assessed_on": a.assessed_on,
    }


def _ratings(payload: AssessmentIn) -> dict[str, tuple[str, str]]:
    domains = [r.domain for r in payload.ratings]
    if len(set(domains)) != len(domains):
        raise ValidationError({"ratings": "同じ領域が2回以上あります。"})
    return {r.domain: (r.rating, r.notes) for r in payload.ratings}


def _content(payload: AssessmentIn) -> dict:
    data = payload.dict(exclude={"ratings"})
    return {**data, "ratings": _ratings(payload)}


@router.get(
    "/cases/{id:case_id}/assessments",
    response=VersionListOut,
    summary="ケースのアセスメントの版（新しい順）",
)
def list_assessments(request: HttpRequest, case_id: int) -> dict:
    user = request.auth
    case = get_case_for_document(user, case_id, Action.VIEW_ASSESSMENT)
    versions = list(assessments_of_case(user, case)[:100])
    record_list(Assessment, versions, page="api_assessments")
    return {"items": [_version(a) for a in versions]}


@router.post(
    "/cases/{id:case_id}/assessments",
    response={201: CreatedOut},
    summary="アセスメントの新しい版を作成",
    description="最新の版の写しから新しい版（下書き）を作り、本文の内容を保存します。"
    "下書き・差し戻し・承認待ちの版があるときは作れません（422）。",
)
def create_assessment(request: HttpRequest, case_id: int, payload: AssessmentIn) -> Status:
    user = request.auth
    case = get_case_for_document(user, case_id, Action.EDIT_ASSESSMENT)
    content = _content(payload)
    with transaction.atomic():
        assessment = start_assessment(user, case)
        save_assessment(user, assessment, **content)
    return Status(201, {"id": assessment.pk, "number": assessment.number})


@router.get(
    "/assessments/{id:assessment_id}", response=AssessmentOut, summary="アセスメントの1つの版"
)
def get_assessment(request: HttpRequest, assessment_id: int) -> dict:
    a = get_assessment_for_user(request.auth, assessment_id)
    ratings = sorted(a.ratings.all(), key=lambda r: Domain.values.index(r.domain))
    return {
        **_version(a),
        "case_id": a.case_id,
        "wishes": a.wishes,
        "goals": a.goals,
        "strengths": a.strengths,
        "summary": a.summary,
        "ratings": [
            {
                "domain": r.domain,
                "domain_label": str(r.get_domain_display()),
                "rating": r.rating,
                "rating_label": str(r.get_rating_display()),
                "notes": r.notes,
            }
            for r in ratings
        ],
        "created_by": str(a.created_by or ""),
    }


@router.put(
    "/assessments/{id:assessment_id}",
    response=CreatedOut,
    summary="下書き・差し戻しの版を保存",
    description="承認待ち・承認済みの版は変更できません（422）。",
)
def update_assessment(request: HttpRequest, assessment_id: int, payload: AssessmentIn) -> dict:
    user = request.auth
    assessment = get_assessment_for_user(user, assessment_id, Action.EDIT_ASSESSMENT)
    save_assessment(user, assessment, **_content(payload))
    return {"id": assessment.pk, "number": assessment.number}
