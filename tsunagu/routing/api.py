"""/api/v1/routing/suggestions: the windows suggested for an age, district and topics."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema

from tsunagu.accounts.permissions import Action
from tsunagu.core.validation.schema import IntIn, MunicipalityCodeIn, TextIn
from tsunagu.tenancy.access import require_in_municipality
from tsunagu.tenancy.models import Municipality

from .services import suggest_windows

router = Router(tags=["routing"])


class SuggestionQuery(Schema):
    municipality_code: MunicipalityCodeIn
    age: IntIn(0, 150) | None = None
    district: TextIn(100) = ""
    topics: list[TextIn(60)] = []


class SuggestionOut(Schema):
    window_id: int
    window_slug: str
    window_name: str
    reason: str
    note: str


class SuggestionsOut(Schema):
    items: list[SuggestionOut]
    notes: list[str]


@router.get("/routing/suggestions", response=SuggestionsOut, summary="担当窓口の候補（振り分け）")
def suggestions(request: HttpRequest, query: Query[SuggestionQuery]) -> dict:
    municipality = Municipality.objects.filter(code=query.municipality_code).first()
    if municipality is None:
        raise Http404
    require_in_municipality(
        request.auth,
        Action.CREATE_INTAKE,
        municipality.pk,
        model=Municipality,
        pk=municipality.code,
    )
    result = suggest_windows(
        municipality, age=query.age, district=query.district, topics=query.topics
    )
    return {
        "items": [
            {
                "window_id": s.window.pk,
                "window_slug": s.window.slug,
                "window_name": s.window.name,
                "reason": s.reason,
                "note": s.note,
            }
            for s in result
        ],
        "notes": result.notes,
    }
