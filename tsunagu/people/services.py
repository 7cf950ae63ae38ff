"""Write path for persons, households and cases (Zulip-style action functions).

Every function takes the acting user first, checks permission through
`tsunagu.accounts.permissions` (and that the actor may see the record), writes in one
transaction, and lets the audit signals record it. Invalid input raises ValidationError with
Japanese messages. Merges live in `people.merging`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, memberships_for, record_scope, require
from tsunagu.tenancy.models import Municipality, Window
from tsunagu.tenancy.scoping import NOTHING

from .models import (
    Case,
    CaseStatusChange,
    EngagementChange,
    EngagementStage,
    Household,
    HouseholdMember,
    Person,
)
from .normalize import clean_person_fields
from .workflow import check_transition, is_reopen


def _locked_visible(actor: User, action: str, model: type[models.Model], obj: models.Model) -> Any:
    """Re-read ``obj`` through the actor's scope for ``action``, locking the row for this
    transaction."""
    fresh = model.objects.visible_to(actor, action).select_for_update().filter(pk=obj.pk).first()
    if fresh is None:
        raise PermissionDenied("この記録を扱う権限がありません。")
    return fresh


@transaction.atomic
def create_person(actor: User, municipality: Municipality, **fields: Any) -> Person:
    """Create a person. Fields as in ``normalize.PERSON_EDITABLE`` (birth date as a date, ISO
    or 和暦 text, a partial date text such as 「昭和60年」「40代」, or a PartialDate)."""
    require(actor, Action.CREATE_PERSON, municipality)
    values = clean_person_fields(fields)
    return Person.objects.create(municipality=municipality, created_by=actor, **values)


@transaction.atomic
def update_person(actor: User, person: Person, **fields: Any) -> Person:
    require(actor, Action.EDIT_PERSON, person.municipality_id)
    fresh = _locked_visible(actor, Action.EDIT_PERSON, Person, person)
    if fresh.merged_into_id:
        raise ValidationError("統合された記録は編集できません。統合先の記録を編集してください。")
    for name, value in clean_person_fields(fields).items():
        setattr(fresh, name, value)
    fresh.save()
    return fresh


@transaction.atomic
def open_case(
    actor: User,
    person: Person,
    window: Window,
    *,
    opened_on: datetime.date | None = None,
    summary: str = "",
    lead_worker: User | None = None,
) -> Case:
    require(actor, Action.CREATE_INTAKE, person.municipality_id)
    if window.municipality_id != person.municipality_id:
        raise ValueError("窓口と本人の自治体が異なります。")
    if person.merged_into_id:
        raise ValidationError(
            "統合された記録にはケースを開けません。統合先の記録を使ってください。"
        )
    return Case.objects.create(
        municipality_id=person.municipality_id,
        person=person,
        window=window,
        opened_on=opened_on or timezone.localdate(),
        summary=summary,
        lead_worker=lead_worker,
        created_by=actor,
    )


@transaction.atomic
def change_status(
    actor: User,
    case: Case,
    to: str,
    *,
    reason: str = "",
    closure_reason: str | None = None,
) -> CaseStatusChange:
    """Move the case along TRANSITIONS (workflow.py); reopening (終結 → 支援中) needs a written
    reason. Closing is not done here: it is requested (people.closure.request_closure) and
    happens when a supervisor approves."""
    require(actor, Action.EDIT_CASE, case.municipality_id)
    fresh = _locked_visible(actor, Action.EDIT_CASE, Case, case)
    check_transition(fresh.status, to, reason=reason, closure_reason=closure_reason)
    if to == Case.Status.CLOSED:
        raise ValidationError(CLOSURE_NEEDS_APPROVAL, code="closure_needs_approval")
    return apply_status_change(
        actor, fresh, to, reason=reason, closure_reason=closure_reason, case=case
    )


CLOSURE_NEEDS_APPROVAL = "終結には監督者の承認が必要です。「終結を申請する」から申請してください。"


def apply_status_change(
    actor: User,
    fresh: Case,
    to: str,
    *,
    reason: str = "",
    closure_reason: str | None = None,
    case: Case | None = None,
) -> CaseStatusChange:
    """Record and make a change whose rules were checked (``fresh``: the locked, scoped row);
    ``case``: the caller's copy, kept in step."""
    change = CaseStatusChange.objects.create(
        municipality_id=fresh.municipality_id,
        case=fresh,
        from_status=fresh.status,
        to_status=to,
        closure_reason=closure_reason or "",
        reason=reason.strip(),
        changed_by=actor,
    )
    if to == Case.Status.CLOSED:
        fresh.closure_reason = closure_reason or ""
        fresh.closed_on = timezone.localdate()
    elif is_reopen(fresh.status, to):
        fresh.closure_reason = ""
        fresh.closed_on = None
    fresh.status = to
    fresh.save()
    if case is not None:
        case.status, case.closure_reason, case.closed_on = to, fresh.closure_reason, fresh.closed_on
    return change


@transaction.atomic
def change_engagement(actor: User, case: Case, stage: str, *, note: str = "") -> EngagementChange:
    """Record a new engagement stage of the person (every change is kept, also going back)."""
    require(actor, Action.EDIT_CASE, case.municipality_id)
    fresh = _locked_visible(actor, Action.EDIT_CASE, Case, case)
    if stage not in EngagementStage.values:
        raise ValidationError({"stage": "関わりの段階が正しくありません。"})
    if stage == fresh.engagement_stage:
        raise ValidationError({"stage": "現在と同じ段階です。"})
    change = EngagementChange.objects.create(
        municipality_id=fresh.municipality_id,
        case=fresh,
        from_stage=fresh.engagement_stage,
        to_stage=stage,
        note=note.strip(),
        changed_by=actor,
    )
    fresh.engagement_stage = stage
    fresh.save()
    case.engagement_stage = stage
    return change


@transaction.atomic
def assign_lead(actor: User, case: Case, worker: User | None) -> Case:
    """Make ``worker`` the lead (主担当) of the case, or clear it with None. The worker must be
    able to do casework in the case's municipality, and reach the case: by leading it (window
    staff) or, for roles that work only through grants, by an active grant."""
    require(actor, Action.EDIT_CASE, case.municipality_id)
    fresh = _locked_visible(actor, Action.EDIT_CASE, Case, case)
    if worker is not None and not _may_lead(worker, fresh):
        raise ValidationError(
            {"worker": "この職員はこのケースを担当できません（アクセス権がありません）。"}
        )
    fresh.lead_worker = worker
    fresh.save()
    case.lead_worker = worker
    return fresh


def _may_lead(worker: User, case: Case) -> bool:
    for membership in memberships_for(worker, case.municipality_id, action=Action.EDIT_CASE):
        if Case.own_scope_q(record_scope(membership.role), worker, membership) is not NOTHING:
            return True  # leading the case is itself what gives this role access
    return Case.objects.visible_to(worker, Action.EDIT_CASE).filter(pk=case.pk).exists()


HOUSEHOLD_MEMBER_FIELDS = frozenset(
    {
        "name",
        "relation",
        "age",
        "age_as_of",
        "living_together",
        "care_level",
        "health_note",
        "employment",
        "note",
        "person",
    }
)


@transaction.atomic
def add_household_member(
    actor: User, person: Person, *, household: Household | None = None, **fields: Any
) -> HouseholdMember:
    """Add a member to the person's household (created on first use). Relations are to
    ``person``; ``age`` is as of ``age_as_of`` (default today)."""
    require(actor, Action.EDIT_PERSON, person.municipality_id)
    fresh = _locked_visible(actor, Action.EDIT_PERSON, Person, person)
    unknown = set(fields) - HOUSEHOLD_MEMBER_FIELDS
    if unknown:
        raise TypeError(f"unknown household member fields: {sorted(unknown)}")
    if household is None:
        household = (
            Household.objects.in_municipality(fresh.municipality_id)
            .filter(person=fresh)
            .order_by("pk")
            .first()
        ) or Household.objects.create(
            municipality_id=fresh.municipality_id, person=fresh, created_by=actor
        )
    elif household.person_id != fresh.pk:
        raise ValidationError("別の本人の世帯です。")
    linked = fields.get("person")
    if linked is not None and linked.municipality_id != fresh.municipality_id:
        raise ValidationError({"person": "別の自治体の本人記録は世帯員にできません。"})
    if fields.get("age") is not None and not 0 <= int(fields["age"]) <= 130:
        raise ValidationError({"age": "年齢は0〜130で入力してください。"})
    if fields.get("age") is not None and not fields.get("age_as_of"):
        fields["age_as_of"] = timezone.localdate()
    member = HouseholdMember(municipality_id=fresh.municipality_id, household=household, **fields)
    member.full_clean(exclude=["municipality", "household", "person"])
    member.save()
    return member


@transaction.atomic
def remove_household_member(actor: User, member: HouseholdMember) -> None:
    require(actor, Action.EDIT_PERSON, member.municipality_id)
    fresh = _locked_visible(actor, Action.EDIT_PERSON, HouseholdMember, member)
    fresh.delete()


from .merging import merge_persons, preview_merge, undo_merge  # noqa: E402

__all__ = [
    "add_household_member",
    "assign_lead",
    "change_engagement",
    "change_status",
    "create_person",
    "merge_persons",
    "open_case",
    "preview_merge",
    "remove_household_member",
    "undo_merge",
    "update_person",
]
