"""Core items: from cleaned answers to the typed columns of an intake (pure functions)."""

from __future__ import annotations

import datetime
from typing import Any

from .answers import DECIDED_URGENCY, has_risk, partial_from_json
from .schema import core_fields

URGENCY_UNSET = "unset"
CONSENT_FROM_YES_NO = {"yes": "given", "no": "not_given", "unknown": "unknown"}
AGE_BAND_UNKNOWN = "unknown"


def core_answers(schema: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """core name → cleaned answer (only the answered ones)."""
    return {
        core: answers[field["key"]]
        for core, field in core_fields(schema).items()
        if field["key"] in answers
    }


def _age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_range(value: Any, as_of: datetime.date) -> tuple[int, int] | None:
    """(youngest, oldest) possible age on `as_of` of a birth date answer (ISO date string or
    partial-date JSON), or None when unknown."""
    try:
        if isinstance(value, str):
            birth = datetime.date.fromisoformat(value)
            age = _age_on(birth, as_of)
            return (age, age) if age >= 0 else None
        partial = partial_from_json(value)
        if partial.precision in ("age", "band") and partial.age_as_of is not None:
            # ages were stated on age_as_of: shift by the years since
            shift = max(0, _age_on(partial.age_as_of, as_of))
            low = partial.age if partial.age is not None else partial.age_band or 0
            high = partial.age if partial.age is not None else low + 9
            return low + shift, high + shift
        latest, earliest = partial.latest(), partial.earliest()
        if latest is None or earliest is None:
            return None
        youngest, oldest = _age_on(latest, as_of), _age_on(earliest, as_of)
        return (youngest, oldest) if youngest >= 0 else None
    except (ValueError, TypeError, OverflowError):
        return None


def age_band(value: Any, as_of: datetime.date) -> str:
    """The decade ("0", "10", … "90" for 90代以上) when the answer pins it, else "unknown"."""
    ages = age_range(value, as_of)
    if ages is None:
        return AGE_BAND_UNKNOWN
    low, high = (min(a // 10 * 10, 90) for a in ages)
    return str(low) if low == high else AGE_BAND_UNKNOWN


def age_for_routing(value: Any, as_of: datetime.date) -> int | None:
    """An age to route by: exact, or the younger bound when the range is at most 2 years."""
    ages = age_range(value, as_of)
    if ages is None or ages[1] - ages[0] > 2:
        return None
    return ages[0]


def typed_columns(
    schema: dict[str, Any], answers: dict[str, Any], as_of: datetime.date
) -> dict[str, Any]:
    """The values of the typed, indexed columns of an intake for these cleaned answers."""
    core = core_answers(schema, answers)
    urgency = core.get("urgency")
    consent = core.get("consent") or "unknown"
    consent = CONSENT_FROM_YES_NO.get(consent, consent)
    return {
        "channel": core.get("channel", ""),
        "consulter_relation": core.get("consulter_relation", ""),
        "person_sex": core.get("person_sex", ""),
        "person_age_band": age_band(core.get("person_birth_date"), as_of),
        "urgency": urgency if urgency in DECIDED_URGENCY else URGENCY_UNSET,
        "consent": consent if consent in ("given", "not_given") else "unknown",
        "has_risk": has_risk(schema, answers),
    }
