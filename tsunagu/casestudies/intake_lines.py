"""What a case study takes from the 相談受付票: its coded items as labels, and the names,
phones, address and institutions it holds as needles for the anonymiser (see draft.py's
docstring for why its free text is left out)."""

from __future__ import annotations

from typing import Any

from tsunagu.intake import default_codes as codes

from .anonymise import KnownIdentifiers
from .anonymise.known import ORGANIZATION_LABEL, PERSON_LABEL
from .parts import Line

# Intake answers that name someone or something: key → label (see the module docstring).
_INTAKE_NAMES = {"consulter_name": "相談者"}
_INTAKE_ORGANIZATIONS = {"referrer": ORGANIZATION_LABEL, "medical_institution": "医療機関"}
_INTAKE_PERSON_PARTS = (
    "person_family_name",
    "person_given_name",
    "person_family_name_kana",
    "person_given_name_kana",
    "person_nickname",
)


# The coded items of the 相談受付票 a case study shows: key → (heading, code list, S-class).
_INTAKE_ITEMS = (
    ("outing", "外出状況", codes.OUTING, False),
    ("duration", "ひきこもりの期間", codes.DURATION, False),
    ("triggers", "きっかけ", codes.TRIGGERS, True),
    ("daily_life", "生活状況", codes.DAILY_LIFE, False),
    ("family_talk", "家族との会話", codes.FAMILY_TALK, False),
    ("medical", "受診状況", codes.MEDICAL, True),
    ("certificates", "障害者手帳・サービス", codes.CERTIFICATES, True),
    ("education", "最終学歴", codes.EDUCATION, False),
    ("school_refusal", "不登校経験", codes.SCHOOL_REFUSAL, False),
    ("work_history", "就労経験", codes.WORK_HISTORY, False),
    ("wishes", "現在の意向", codes.WISHES, False),
)
_VAGUE_CODES = frozenset({"unknown", "other"})


def intake_lines(answers: Any, sensitive: bool) -> list[Line]:
    """The coded answers of a sheet as lines (labels only; see the module docstring)."""
    if not isinstance(answers, dict):
        return []
    lines = []
    for key, heading, choices, is_sensitive in _INTAKE_ITEMS:
        if is_sensitive and not sensitive:
            continue
        value = answers.get(key)
        values = value if isinstance(value, list) else [value]
        labels = {c["code"]: c["label"] for c in choices if c["code"] not in _VAGUE_CODES}
        shown = [labels[v] for v in values if isinstance(v, str) and v in labels]
        if shown:
            lines.append(Line(f"intake-{key}", heading, "、".join(shown), sensitive=is_sensitive))
    return lines


def add_intake_answers(known: KnownIdentifiers, answers: dict[str, Any], municipality: str) -> None:
    if not isinstance(answers, dict):
        return
    known.add_name(
        PERSON_LABEL,
        *(str(answers.get(k) or "") for k in _INTAKE_PERSON_PARTS[:2]),
        reading=(str(answers.get(k) or "") for k in _INTAKE_PERSON_PARTS[2:4]),
    )
    known.add_name(PERSON_LABEL, str(answers.get("person_nickname") or ""))
    for key, label in _INTAKE_NAMES.items():
        known.add_name(label, str(answers.get(key) or ""))
    for key, label in _INTAKE_ORGANIZATIONS.items():
        known.add_organization(str(answers.get(key) or ""), label, municipality)
    known.add_address(str(answers.get("person_address") or ""), municipality)
    known.add_place(str(answers.get("person_district") or ""))
    for key in ("person_phone", "consulter_phone"):
        known.add_phone(str(answers.get(key) or ""))
