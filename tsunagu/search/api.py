"""/api/v1/persons: create, search and duplicate candidates (same permissions and audit as the pages).

Paths: ``POST /persons``, ``GET /persons?q=``, ``POST /persons/match``. They never collide with
``GET /persons/{person_id}`` (tsunagu/api/views.py): that one takes an integer id only.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from tsunagu.accounts.permissions import Action, memberships_for
from tsunagu.people.models import Person
from tsunagu.people.services import create_person
from tsunagu.people.visibility import field_policy

from .forms import PersonInput, clean_person_input
from .matching import match_candidates
from .services import search_persons

router = Router(tags=["search"])

SHOWN = ["family_name", "given_name", "family_name_kana", "given_name_kana", "birth_date",
         "phone", "address"]  # fmt: skip


class PersonIn(Schema):
    family_name: str = ""
    given_name: str = ""
    family_name_kana: str = ""
    given_name_kana: str = ""
    birth_date: str | None = None
    phone: str = ""
    address: str = ""
    municipality_code: str | None = None


class CreatedOut(Schema):
    id: int


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class SearchIn(Schema):
    q: str = ""
    limit: int = 50
    offset: int = 0


class PersonItem(Schema):
    id: int
    municipality_code: str
    family_name: str | None = None
    given_name: str | None = None
    family_name_kana: str | None = None
    given_name_kana: str | None = None
    birth_date: Any = None
    phone: str | None = None
    address: str | None = None


class SearchOut(Schema):
    items: list[PersonItem]
    has_more: bool


class CandidateOut(PersonItem):
    score: int
    reasons: list[str]


class MatchOut(Schema):
    candidates: list[CandidateOut]


def _item(user: Any, person: Person) -> dict[str, Any]:
    shown = field_policy(user).values(person, SHOWN)
    return {"id": person.pk, "municipality_code": person.municipality.code, **shown}


def _errors(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {k: [str(m) for m in v] for k, v in error.message_dict.items()}
    return {"__all__": [str(m) for m in error.messages]}


def _municipality(user: Any, code: str | None, action: str) -> int:
    """The municipality the request is about: named by code, or the user's only one."""
    allowed = {m.municipality_id: m.municipality.code
               for m in memberships_for(user, action=action)}  # fmt: skip
    if code:
        for municipality_id, known in allowed.items():
            if known == code:
                return municipality_id
        raise PermissionDenied("この自治体の本人を扱う権限がありません。")
    if len(allowed) == 1:
        return next(iter(allowed))
    if not allowed:
        raise PermissionDenied("本人を扱う権限がありません。")
    raise ValueError("municipality_code（自治体コード）を指定してください。")


@router.post(
    "/persons", response={201: CreatedOut, 400: ErrorOut, 403: ErrorOut}, summary="本人の登録"
)
def create(request: HttpRequest, payload: PersonIn) -> Status:
    user = request.auth
    try:
        municipality_id = _municipality(user, payload.municipality_code, Action.CREATE_PERSON)
    except PermissionDenied as error:
        return Status(403, {"detail": str(error)})
    except ValueError as error:
        return Status(400, {"detail": str(error), "errors": {"municipality_code": [str(error)]}})
    cleaned, errors = clean_person_input(PersonInput(**payload.dict(exclude={"municipality_code"})))
    if errors:
        return Status(400, {"detail": "入力内容を確認してください。", "errors": errors})
    membership = memberships_for(user, municipality_id)[0]
    try:
        person = create_person(user, membership.municipality, **cleaned)
    except PermissionDenied as error:
        return Status(403, {"detail": str(error)})
    except ValidationError as error:
        return Status(400, {"detail": "入力内容を確認してください。", "errors": _errors(error)})
    return Status(201, {"id": person.pk})


@router.get("/persons", response={200: SearchOut, 403: ErrorOut}, summary="本人の検索")
def search(request: HttpRequest, params: Query[SearchIn]) -> Any:
    user = request.auth
    try:
        result = search_persons(user, params.q, limit=params.limit, offset=params.offset)
    except PermissionDenied as error:
        return Status(403, {"detail": str(error)})
    return {"items": [_item(user, p) for p in result.items], "has_more": result.has_more}


@router.post(
    "/persons/match",
    response={200: MatchOut, 400: ErrorOut, 403: ErrorOut},
    summary="重複候補（名寄せ）",
)
def match(request: HttpRequest, payload: PersonIn) -> Any:
    user = request.auth
    try:
        municipality_id = _municipality(user, payload.municipality_code, Action.VIEW_PERSON)
        candidates = match_candidates(
            user, municipality_id, **payload.dict(exclude={"municipality_code"})
        )
    except PermissionDenied as error:
        return Status(403, {"detail": str(error)})
    except ValueError as error:
        return Status(400, {"detail": str(error), "errors": {"municipality_code": [str(error)]}})
    return {
        "candidates": [
            {**_item(user, c.person), "score": c.score, "reasons": c.reasons} for c in candidates
        ]
    }
