"""After submitting an intake: the routing suggestion and decision, and the duplicate check."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.routing.services import Suggestions, decisions_for_intake, suggest_windows
from tsunagu.search.matching import match_candidates
from tsunagu.tenancy.models import Window

from .carry import FIELD_LABELS, household_members, member_summary, person_fields, shown
from .core import age_for_routing, core_answers
from .models import Intake

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


def intake_windows(intake: Intake) -> list[Window]:
    """The windows an intake of this municipality may be taken at or routed to."""
    return list(Window.objects.filter(municipality_id=intake.municipality_id).order_by("name"))


def routing_suggestions(intake: Intake) -> Suggestions:
    """The windows the municipality's routing rules suggest for this intake, best first."""
    core = core_answers(intake.form_version.schema, intake.answers)
    district = core.get("person_district", "")
    return suggest_windows(
        intake.municipality,
        age=age_for_routing(core.get("person_birth_date"), timezone.localdate(intake.received_at)),
        district=district if isinstance(district, str) else "",
        topics=tuple(core.get("topics") or ()),
    )


def duplicate_candidates(user: User, intake: Intake) -> list[Any]:
    """Persons of the municipality who may be the intake's person, best first."""
    known = person_fields(intake)
    fields = {k: v for k, v in known.items() if k in MATCH_FIELDS}
    birth = known.get("birth")
    if birth is not None and birth.precision == "day":
        fields["birth_date"] = birth.earliest()
    if not fields:
        return []
    return list(match_candidates(user, intake.municipality, **fields))


def next_step_context(user: User, intake: Intake) -> dict[str, Any]:
    person = [(FIELD_LABELS[k], k, shown(k, v)) for k, v in person_fields(intake).items()]
    suggestions = routing_suggestions(intake)
    decisions = decisions_for_intake(user, intake.pk)
    if decisions or not suggestions:
        selected_id = intake.window_id
    else:
        selected_id = suggestions[0].window.pk
    return {
        "intake": intake,
        "person_fields": person,
        "household": [member_summary(m) for m in household_members(intake)],
        "suggestions": suggestions,
        "suggested": suggestions[0] if suggestions else None,
        "decisions": decisions,
        "window_decided": bool(decisions) and decisions[0].chosen_window_id == intake.window_id,
        "selected_id": selected_id,
        "windows": intake_windows(intake),
        "candidates": duplicate_candidates(user, intake) if intake.case_id is None else [],
    }
