"""Write path for intakes: start a draft, autosave it, submit it, link it to a person and case.

Every function takes the acting user first, checks permission, validates the answers against
the intake's OWN form version, and writes in one transaction (audited by the signals).
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, require
from tsunagu.jp.wareki import fiscal_year
from tsunagu.tenancy.models import Municipality, Window

from .answers import validate_answers
from .core import typed_columns
from .form_services import default_version
from .models import FormVersion, Intake, IntakeSequence


def _local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment)


def _next_number(municipality_id: int, year: int) -> str:
    sequence, _ = IntakeSequence.objects.get_or_create(
        municipality_id=municipality_id, fiscal_year=year
    )
    sequence = IntakeSequence.objects.select_for_update().get(pk=sequence.pk)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{year}-{sequence.last_number:04d}"


def _apply(intake: Intake, cleaned: dict[str, Any]) -> None:
    intake.answers = cleaned
    schema = intake.form_version.schema
    for name, value in typed_columns(schema, cleaned, _local_day(intake.received_at)).items():
        setattr(intake, name, value)


@transaction.atomic
def start_intake(
    actor: User,
    municipality: Municipality,
    *,
    window: Window,
    form_version: FormVersion | None = None,
    answers: dict[str, Any] | None = None,
    concern_report: Any = None,
    received_at: datetime.datetime | None = None,
) -> Intake:
    """A new draft intake with the next number of the 年度 (answers need not be complete)."""
    require(actor, Action.CREATE_INTAKE, municipality)
    if window.municipality_id != municipality.pk:
        raise ValidationError({"window": ["他の自治体の窓口は選べません。"]})
    if concern_report is not None and concern_report.municipality_id != municipality.pk:
        raise ValidationError({"concern_report": ["他の自治体の連絡からは作成できません。"]})
    version = form_version or default_version(municipality)
    if version is None:
        raise ValidationError({"form_version": ["この自治体には公開済みの受付票がありません。"]})
    if (
        version.definition.municipality_id != municipality.pk
        or version.status != FormVersion.Status.PUBLISHED
    ):
        raise ValidationError({"form_version": ["この受付票の版は使えません。"]})
    received_at = received_at or timezone.now()
    cleaned = validate_answers(
        version.schema, answers or {}, partial=True, today=_local_day(received_at)
    )
    year = fiscal_year(_local_day(received_at))
    intake = Intake(
        municipality=municipality,
        number=_next_number(municipality.pk, year),
        fiscal_year=year,
        form_version=version,
        window=window,
        received_at=received_at,
        received_by=actor,
        concern_report=concern_report,
    )
    _apply(intake, cleaned)
    intake.full_clean(validate_unique=False, validate_constraints=False)  # DB enforces them
    intake.save()
    return intake


def _require_editable(actor: User, intake: Intake) -> None:
    require(actor, Action.CREATE_INTAKE, intake.municipality_id)
    if not intake.is_draft:
        raise ValidationError({"__all__": ["受付済みの受付は変更できません。"]})


def _set_window(intake: Intake, window: Window | None) -> None:
    if window is not None:
        if window.municipality_id != intake.municipality_id:
            raise ValidationError({"window": ["他の自治体の窓口は選べません。"]})
        intake.window = window


@transaction.atomic
def save_draft(
    actor: User, intake: Intake, answers: dict[str, Any], *, window: Window | None = None
) -> dict[str, list[str]]:
    """Autosave: store every answer that is valid (required fields may be empty) and return
    the errors of the others, which are left as they were."""
    _require_editable(actor, intake)
    _set_window(intake, window)
    schema, today = intake.form_version.schema, _local_day(intake.received_at)
    try:
        cleaned = validate_answers(schema, answers, partial=True, today=today)
        errors: dict[str, list[str]] = {}
    except ValidationError as error:
        errors = error.message_dict
        bad = {key.split(".")[0] for key in errors}
        kept = {k: v for k, v in intake.answers.items() if k in bad}
        good = {k: v for k, v in answers.items() if k not in bad}
        cleaned = validate_answers(schema, {**good, **kept}, partial=True, today=today)
    _apply(intake, cleaned)
    intake.save()
    return errors


@transaction.atomic
def submit_intake(
    actor: User, intake: Intake, answers: dict[str, Any], *, window: Window | None = None
) -> Intake:
    """Complete the intake: answers must pass the full validation of its version (required
    items, and an urgency decision when a risk item is answered). Raises ValidationError."""
    _require_editable(actor, intake)
    _set_window(intake, window)
    cleaned = validate_answers(
        intake.form_version.schema, answers, today=_local_day(intake.received_at)
    )
    _apply(intake, cleaned)
    intake.status = Intake.Status.SUBMITTED
    intake.submitted_at = timezone.now()
    intake.full_clean(validate_unique=False, validate_constraints=False)  # DB enforces them
    intake.save()
    return intake


@transaction.atomic
def create_intake(
    actor: User,
    municipality: Municipality,
    *,
    window: Window,
    answers: dict[str, Any],
    form_version: FormVersion | None = None,
    submit: bool = False,
    concern_report: Any = None,
) -> Intake:
    """Start an intake (from a concern report: filled from it and linked) and, with `submit`,
    complete it at once (the API's path). Nothing is left behind when it is refused."""
    if concern_report is not None:
        from .from_concern import start_intake_from_report

        if concern_report.municipality_id != municipality.pk:
            raise ValidationError({"concern_report_id": ["他の自治体の連絡からは作成できません。"]})
        intake = start_intake_from_report(actor, concern_report, window=window, answers=answers)
    else:
        intake = start_intake(
            actor, municipality, window=window, form_version=form_version, answers=answers
        )
    if submit:
        intake = submit_intake(actor, intake, intake.answers)
    return intake


def _require_window_decided(actor: User, intake: Intake) -> None:
    """No silent default: the window the case opens at must have been decided for the intake."""
    from tsunagu.routing.services import decisions_for_intake

    decisions = decisions_for_intake(actor, intake.pk)
    if not decisions or decisions[0].chosen_window_id != intake.window_id:
        raise ValidationError(
            {"window": ["先に担当窓口を決めてください（ケースはその窓口で開始します）。"]}
        )


@transaction.atomic
def create_person_for_intake(
    actor: User, intake: Intake, *, confirmed_new: bool = False, **overrides: Any
) -> Intake:
    """「新しい人として登録」: a person from everything the intake knows of them (names, sex,
    birth date or age, address, district, phone), their household from its family table, and
    a case at the decided window. When the duplicate check finds candidates, `confirmed_new`
    (none of them is the person) is required."""
    from tsunagu.people.services import add_household_member, create_person

    from .carry import household_members, person_fields, received_on, storable
    from .next_step import duplicate_candidates

    require(actor, Action.CREATE_INTAKE, intake.municipality_id)
    _require_linkable(intake)
    _require_window_decided(actor, intake)
    if not confirmed_new and duplicate_candidates(actor, intake):
        raise ValidationError(
            {
                "confirmed_new": [
                    "重複の候補があります。候補のいずれも本人ではないことを確認してください。"
                ]
            }
        )
    known = storable(person_fields(intake), received_on(intake))
    person = create_person(actor, intake.municipality, **{**known, **overrides})
    for member in household_members(intake):
        add_household_member(actor, person, **member.as_fields(received_on(intake)))
    return link_person(actor, intake, person)


def _require_linkable(intake: Intake) -> None:
    if intake.is_draft:
        raise ValidationError({"__all__": ["受付を完了してから本人を登録してください。"]})
    if intake.case_id is not None:
        raise ValidationError({"__all__": ["この受付は既に本人・ケースにひもづいています。"]})


@transaction.atomic
def link_person(actor: User, intake: Intake, person: Any, *, apply: Collection[str] = ()) -> Intake:
    """「この人にひもづける」: link the intake to a person and open a case at the decided window.

    `apply` names the proposed updates (``carry.proposed_updates``) staff chose to copy from
    the intake onto the person: person fields, and ``member-<n>`` for household rows.
    """
    from tsunagu.people.services import add_household_member, open_case, update_person

    from .carry import household_members, person_fields, proposal_keys, received_on, storable
    from .core import core_answers

    require(actor, Action.CREATE_INTAKE, intake.municipality_id)
    _require_linkable(intake)
    _require_window_decided(actor, intake)
    if person.municipality_id != intake.municipality_id:
        raise ValidationError({"person": ["他の自治体の本人にはひもづけられません。"]})
    chosen = set(apply)
    if chosen - proposal_keys(intake):
        raise ValidationError({"apply": ["反映できない項目が含まれています。"]})
    known = storable(person_fields(intake), received_on(intake))
    fields = {k: v for k, v in known.items() if k in chosen}
    if fields:
        person = update_person(actor, person, **fields)
    for number, member in enumerate(household_members(intake)):
        if f"member-{number}" in chosen:
            add_household_member(actor, person, **member.as_fields(received_on(intake)))
    summary = core_answers(intake.form_version.schema, intake.answers).get("summary", "")
    case = open_case(
        actor,
        person,
        intake.window,
        opened_on=_local_day(intake.received_at),
        summary=summary if isinstance(summary, str) else "",
    )
    intake.person = person
    intake.case = case
    intake.save()
    if intake.concern_report_id is not None:
        from tsunagu.concerns.services import mark_handled

        mark_handled(actor, intake.concern_report)
    return intake


@transaction.atomic
def route_intake(
    actor: User,
    intake: Intake,
    window: Window,
    *,
    reason: str = "",
    suggestion: Any = None,
) -> Intake:
    """「担当窓口を決める」: record the routing decision and move the intake to that window.

    `suggestion` is the first routing suggestion shown (or None when no rule applied); choosing
    another window needs a reason (checked by the routing service). The case is opened at the
    intake's window afterwards, so the decision must come before the person is linked.
    """
    from tsunagu.routing.services import record_routing_decision

    require(actor, Action.CREATE_INTAKE, intake.municipality_id)
    if intake.is_draft:
        raise ValidationError({"__all__": ["受付を完了してから担当窓口を決めてください。"]})
    if intake.case_id is not None:
        raise ValidationError(
            {
                "__all__": [
                    "ケースを開始した後は、ここでは窓口を変えられません。引き継ぎを使ってください。"
                ]
            }
        )
    record_routing_decision(
        actor,
        municipality=intake.municipality,
        suggested_window=suggestion.window if suggestion else None,
        suggested_reason=suggestion.reason if suggestion else "",
        chosen_window=window,
        reason=reason,
        intake_id=intake.pk,
    )
    intake.window = window
    intake.save()
    return intake
