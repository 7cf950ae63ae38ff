"""「受付票を作成」 from a 民生委員 concern report: the intake starts filled with what the report
says, and is linked to it (one intake per report)."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.concerns.models import ConcernReport
from tsunagu.tenancy.models import Window

from .answers import validate_answers
from .form_services import default_version
from .models import Intake
from .schema import choices_of, core_fields, field_map

ABOUT = re.compile(r"(くらい|ぐらい|位|頃|ごろ|程度|前後)$")
COMMISSIONER = "commissioner"


def _fits(schema: dict[str, Any], key: str, value: Any) -> bool:
    try:
        validate_answers(schema, {key: value}, partial=True, today=timezone.localdate())
    except ValidationError:
        return False
    return True


def _with_code(field: dict[str, Any] | None, code: str) -> bool:
    return field is not None and any(c["code"] == code for c in choices_of(field))


def answers_from_report(schema: dict[str, Any], report: ConcernReport) -> dict[str, Any]:
    """The answers the report gives for this form version: who called (the commissioner, route
    民生委員), the district, the age, the person hint, the situation and how it became known, the
    urgency. Only answers the version has and accepts are kept."""
    core = core_fields(schema)
    fields = field_map(schema)
    wanted: list[tuple[dict[str, Any] | None, Any]] = []
    if _with_code(core.get("consulter_relation"), COMMISSIONER):
        wanted.append((core.get("consulter_relation"), COMMISSIONER))
    if _with_code(fields.get("route"), COMMISSIONER):
        wanted.append((fields.get("route"), [COMMISSIONER]))
    wanted.append((fields.get("consulter_name"), f"民生委員 {report.reported_by}"))
    wanted.append((core.get("person_district"), report.district))
    wanted.append((core.get("person_birth_date"), ABOUT.sub("", report.approximate_age.strip())))
    wanted.append((core.get("person_nickname"), report.person_hint))
    summary = report.situation.strip()
    if report.how_known.strip():
        summary += f"\n（把握の経緯）{report.how_known.strip()}"
    wanted.append((core.get("summary"), summary))
    if report.is_urgent and _with_code(core.get("urgency"), "high"):
        wanted.append((core.get("urgency"), "high"))
    return {
        field["key"]: value
        for field, value in wanted
        if field is not None and value and _fits(schema, field["key"], value)
    }


@transaction.atomic
def start_intake_from_report(
    actor: User, report: ConcernReport, *, window: Window, answers: dict[str, Any] | None = None
) -> Intake:
    """A draft intake filled from the report (``answers`` are added on top) and linked to it;
    the report becomes triaged. A report that already led to an intake is refused."""
    from tsunagu.concerns.services import intake_started

    from .services import start_intake

    version = default_version(report.municipality_id)
    prefilled = answers_from_report(version.schema, report) if version is not None else {}
    try:
        with transaction.atomic():
            intake = start_intake(
                actor,
                report.municipality,
                window=window,
                form_version=version,
                answers={**prefilled, **(answers or {})},
                concern_report=report,
            )
    except IntegrityError:
        raise ValidationError(
            {"concern_report": ["この連絡からは既に受付票が作成されています。"]}
        ) from None
    intake_started(actor, report)
    return intake
