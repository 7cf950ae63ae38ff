"""After submitting: routing suggestion and duplicate candidates, when those apps are ready.

Both apps are detected at call time, so the flow works (with a note) before they exist.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from django.utils import timezone

from tsunagu.accounts.models import User

from .core import age_for_routing, core_answers
from .models import Intake
from .services import _person_fields

logger = logging.getLogger(__name__)
MATCH_FIELDS = frozenset(
    {
        "family_name",
        "given_name",
        "family_name_kana",
        "given_name_kana",
        "birth_date",
        "phone",
        "address",
    }
)


def _service(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def routing_suggestions(intake: Intake) -> list[Any] | None:
    """Suggestions of tsunagu.routing, or None when the routing app is not available."""
    suggest = _service("tsunagu.routing.services", "suggest_windows")
    if suggest is None:
        return None
    core = core_answers(intake.form_version.schema, intake.answers)
    district = core.get("person_district", "")
    return list(
        suggest(
            intake.municipality,
            age=age_for_routing(
                core.get("person_birth_date"), timezone.localdate(intake.received_at)
            ),
            district=district if isinstance(district, str) else "",
            topics=tuple(core.get("topics") or ()),
        )
    )


def duplicate_candidates(user: User, intake: Intake) -> list[Any] | None:
    """Candidates of tsunagu.search, or None when the search app is not available."""
    match = _service("tsunagu.search.services", "match_candidates") or _service(
        "tsunagu.search.matching", "match_candidates"
    )
    if match is None:
        return None
    fields = {k: v for k, v in _person_fields(intake).items() if v and k in MATCH_FIELDS}
    if not fields:
        return []
    return list(match(user, intake.municipality, **fields))


PERSON_LABELS = {
    "family_name": "姓",
    "given_name": "名",
    "family_name_kana": "姓（フリガナ）",
    "given_name_kana": "名（フリガナ）",
    "nickname": "呼び名・通称",
    "phone": "電話番号",
    "address": "住所",
    "birth_date": "生年月日",
}


def next_step_context(user: User, intake: Intake) -> dict[str, Any]:
    person = [(PERSON_LABELS.get(k, k), k, v) for k, v in _person_fields(intake).items() if v]
    return {
        "intake": intake,
        "person_fields": person,
        "suggestions": routing_suggestions(intake),
        "candidates": duplicate_candidates(user, intake) if intake.case_id is None else [],
    }
