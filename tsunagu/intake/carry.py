"""What an intake knows about its person, as person fields and household members.

Pure functions of the intake's answers (no queries): creating the person from an intake copies
all of it; linking an intake to an existing person offers it as proposed updates.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from tsunagu.jp.partial_dates import PartialDate

from .answers import partial_from_json
from .core import core_answers
from .models import Intake
from .schema import GROUP, choices_of, iter_fields

TEXT_FIELDS = (
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "nickname",
    "phone",
    "address",
    "district",
)
# intake sheet code → Person.sex
SEX = {
    "male": "male",
    "female": "female",
    "other": "other",
    "no_answer": "not_answered",
    "unknown": "unknown",
}
# household table (default sheet G, 家族構成) codes → HouseholdMember values
RELATION = {
    "father": "father",
    "mother": "mother",
    "sibling": "sibling",
    "spouse": "spouse",
    "child": "child",
    "grandparent": "grandparent",
    "relative": "other_relative",
    "other": "other",
}
CARE_LEVEL = {
    "none": "none",
    "care1": "care1",
    "care2": "care2",
    "care3": "care3",
    "care4": "care4",
    "care5": "care5",
    "applying": "applying",
}
HOUSEHOLD_KEY = "household_members"  # the default sheet's table, for versions without the marker


def received_on(intake: Intake) -> datetime.date:
    return timezone.localdate(intake.received_at)


def birth_of(value: Any) -> PartialDate | None:
    """The birth date answer (ISO date or partial-date JSON) as a PartialDate, None if unknown."""
    if isinstance(value, str):
        try:
            return PartialDate.from_date(datetime.date.fromisoformat(value))
        except ValueError:
            return None
    try:
        partial = partial_from_json(value)
    except (ValueError, TypeError):
        return None
    return None if partial.precision == "unknown" else partial


def person_fields(intake: Intake) -> dict[str, Any]:
    """Person fields (``people.normalize.PERSON_EDITABLE`` names) the intake answered: names,
    phone, address, district, sex and what is known of the birth date (``birth``)."""
    core = core_answers(intake.form_version.schema, intake.answers)
    fields: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        value = core.get(f"person_{name}")
        if isinstance(value, str) and value.strip():
            fields[name] = value.strip()
    sex = SEX.get(core.get("person_sex") or "")
    if sex and sex != "unknown":
        fields["sex"] = sex
    birth = birth_of(core.get("person_birth_date"))
    if birth is not None:
        fields["birth"] = birth
    return fields


def shown(name: str, value: Any) -> str:
    """A person field value as staff read it (性別 label, 和暦 birth date or age)."""
    from tsunagu.people.models import Sex

    if name == "sex":
        return str(Sex(value).label) if value in Sex.values else str(value or "")
    if isinstance(value, PartialDate):
        return value.display() if value.precision != "unknown" else ""
    return str(value or "")


def storable(fields: dict[str, Any], today: datetime.date) -> dict[str, Any]:
    """The person fields the person record can store as they stand (an answer it cannot, such
    as a phone number with words in it, stays on the intake sheet only)."""
    from django.core.exceptions import ValidationError

    from tsunagu.people.normalize import clean_person_fields

    kept = {}
    for name, value in fields.items():
        try:
            clean_person_fields({name: value}, today=today)
        except ValidationError:
            continue
        kept[name] = value
    return kept


def proposal_keys(intake: Intake) -> set[str]:
    """Every key `link_person(apply=…)` accepts for this intake."""
    return set(FIELD_LABELS) | {f"member-{n}" for n in range(len(household_members(intake)))}


def household_field(schema: dict[str, Any]) -> dict[str, Any] | None:
    """The household table of a form version: the group marked core "household", or the default
    sheet's table."""
    groups = [f for _, f in iter_fields(schema) if f.get("type") == GROUP]
    marked = [f for f in groups if f.get("core") == "household"]
    return (marked or [f for f in groups if f["key"] == HOUSEHOLD_KEY] or [None])[0]


@dataclass(frozen=True)
class MemberDraft:
    """One row of the intake's household table, as HouseholdMember fields."""

    relation: str
    age: int | None
    living_together: bool
    care_level: str
    health_note: str
    note: str

    def as_fields(self, as_of: datetime.date) -> dict[str, Any]:
        return {
            "relation": self.relation,
            "age": self.age,
            "age_as_of": as_of if self.age is not None else None,
            "living_together": self.living_together,
            "care_level": self.care_level,
            "health_note": self.health_note,
            "note": self.note,
        }


def _label(field: dict[str, Any] | None, code: Any) -> str:
    if field is None or not code:
        return ""
    return next((c["label"] for c in choices_of(field) if c["code"] == code), str(code))


def _member(row: dict[str, Any], subfields: dict[str, dict[str, Any]]) -> MemberDraft:
    age = row.get("age")
    care = row.get("care_level") or ""
    notes = []
    if care and care not in CARE_LEVEL:  # e.g. 「要支援」 without its level
        notes.append(_label(subfields.get("care_level"), care))
    health = _label(subfields.get("health"), row.get("health"))
    work = row.get("work")
    return MemberDraft(
        relation=RELATION.get(row.get("relation") or "", "unknown"),
        age=int(age) if isinstance(age, (int, float)) and 0 <= age <= 130 else None,
        living_together=row.get("living") == "together" and row.get("health") != "deceased",
        care_level=CARE_LEVEL.get(care, "unknown"),
        health_note="、".join(n for n in (health, *notes) if n),
        note=f"就労：{work}" if isinstance(work, str) and work.strip() else "",
    )


def household_members(intake: Intake) -> list[MemberDraft]:
    """The rows of the intake's household table (empty rows skipped)."""
    field = household_field(intake.form_version.schema)
    if field is None:
        return []
    rows = intake.answers.get(field["key"])
    if not isinstance(rows, list):
        return []
    subfields = {sub["key"]: sub for sub in field.get("fields", [])}
    return [_member(row, subfields) for row in rows if isinstance(row, dict) and row]


@dataclass(frozen=True)
class Proposal:
    """One update the intake offers for an existing person: a field, or a household row."""

    key: str  # a person field name, or "member-<n>"
    label: str
    current: str
    proposed: str
    fills_blank: bool  # nothing is recorded yet: offered ticked


FIELD_LABELS = {
    "family_name": "姓",
    "given_name": "名",
    "family_name_kana": "姓（フリガナ）",
    "given_name_kana": "名（フリガナ）",
    "nickname": "呼び名・通称",
    "phone": "電話番号",
    "address": "住所",
    "district": "居住地区",
    "sex": "性別",
    "birth": "生年月日・年齢",
}


def _current(person: Any, name: str) -> Any:
    return person.birth if name == "birth" else getattr(person, name)


def member_summary(member: MemberDraft) -> str:
    from tsunagu.people.models import Relation

    parts = [str(Relation(member.relation).label)]
    if member.age is not None:
        parts.append(f"{member.age}歳")
    parts.append("同居" if member.living_together else "別居")
    return " ".join(parts + [n for n in (member.health_note, member.note) if n])


def proposed_updates(intake: Intake, person: Any) -> list[Proposal]:
    """What the intake knows that the person's record does not say (the fields that differ,
    and every row of the intake's household table)."""
    from tsunagu.people.normalize import clean_person_fields

    out = []
    for name, value in storable(person_fields(intake), received_on(intake)).items():
        cleaned = clean_person_fields({name: value}, today=received_on(intake))
        if all(getattr(person, field) == new for field, new in cleaned.items()):
            continue
        current = _current(person, name)
        blank = current in ("", "unknown") or not shown(name, current)
        out.append(
            Proposal(name, FIELD_LABELS[name], shown(name, current), shown(name, value), blank)
        )
    for number, member in enumerate(household_members(intake)):
        out.append(Proposal(f"member-{number}", "世帯員を追加", "", member_summary(member), True))
    return out
