"""/api/v1/persons: create, search and duplicate candidates (same permissions and audit as the pages).

Paths: ``POST /persons``, ``GET /persons?q=``, ``POST /persons/match``. They never collide with
``GET /persons/{person_id}`` (tsunagu/api/views.py): that one takes an integer id only.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from tsunagu.accounts.permissions import Action, memberships_for
from tsunagu.core.validation import invalid
from tsunagu.core.validation.schema import (
    BirthIn,
    IntIn,
    KanaIn,
    ModelTextIn,
    MunicipalityCodeIn,
    PhoneIn,
    TextIn,
)
from tsunagu.people.models import Person
from tsunagu.people.services import create_person
from tsunagu.people.visibility import field_policy

from .forms import MAX_QUERY
from .matching import match_candidates
from .services import MAX_LIMIT, MAX_OFFSET, search_persons

router = Router(tags=["search"])

SHOWN = ["family_name", "given_name", "family_name_kana", "given_name_kana", "birth_date",
         "phone", "address"]  # fmt: skip


class PersonIn(Schema):
    family_name: ModelTextIn(Person, "family_name") = ""
    given_name: ModelTextIn(Person, "given_name") = ""
    family_name_kana: KanaIn(Person, "family_name_kana") = ""
    given_name_kana: KanaIn(Person, "given_name_kana") = ""
    birth_date: BirthIn | None = None
    phone: PhoneIn = ""
    address: ModelTextIn(Person, "address") = ""
    municipality_code: MunicipalityCodeIn | None = None


class CreatedOut(Schema):
    id: int


class SearchIn(Schema):
    q: TextIn(MAX_QUERY) = ""
    limit: IntIn(1, MAX_LIMIT) = 50
    offset: IntIn(0, MAX_OFFSET) = 0


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
    raise invalid("municipality_code", "municipality_code（自治体コード）を指定してください。")


@router.post(
    "/persons",
    response={201: CreatedOut},
    summary="本人の登録",
    description="生年月日は画面と同じく和暦・西暦の日付、「昭和60年」「40代」なども受け付けます。",
)
def create(request: HttpRequest, payload: PersonIn) -> Status:
    user = request.auth
    municipality_id = _municipality(user, payload.municipality_code, Action.CREATE_PERSON)
    fields = payload.dict(exclude={"municipality_code", "birth_date"})
    if not (fields["family_name"] or fields["given_name"] or fields["family_name_kana"]):
        raise invalid("family_name", "姓・名・フリガナのいずれかを入力してください。")
    membership = memberships_for(user, municipality_id)[0]
    person = create_person(
        user, membership.municipality, birth_text=payload.birth_date or "", **fields
    )
    return Status(201, {"id": person.pk})


@router.get("/persons", response=SearchOut, summary="本人の検索")
def search(request: HttpRequest, params: Query[SearchIn]) -> Any:
    user = request.auth
    result = search_persons(user, params.q, limit=params.limit, offset=params.offset)
    return {"items": [_item(user, p) for p in result.items], "has_more": result.has_more}


@router.post("/persons/match", response=MatchOut, summary="重複候補（名寄せ）")
def match(request: HttpRequest, payload: PersonIn) -> Any:
    user = request.auth
    municipality_id = _municipality(user, payload.municipality_code, Action.VIEW_PERSON)
    candidates = match_candidates(
        user, municipality_id, **payload.dict(exclude={"municipality_code"})
    )
    return {
        "candidates": [
            {**_item(user, c.person), "score": c.score, "reasons": c.reasons} for c in candidates
        ]
    }
