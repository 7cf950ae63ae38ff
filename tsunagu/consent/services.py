"""Recording consents: record, change (a new record superseding the old) and withdraw.

Only roles holding MANAGE_CONSENTS (the casework roles) write consents, and only on cases they
reach. Every row is audited by the TenantOwned signals.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, require
from tsunagu.core.validation import (
    clean_choice,
    clean_id,
    clean_model_text,
    clean_planned_date,
    gather,
    invalid,
)
from tsunagu.jp.wareki import format_wareki
from tsunagu.people.models import Case
from tsunagu.tenancy.models import Organization

from .models import Category, Consent, ConsentOrganization, Form, GivenBy


def check_may_manage(actor: User, case: Case) -> None:
    """MANAGE_CONSENTS, on a case the actor reaches with it."""
    require(actor, Action.MANAGE_CONSENTS, case.municipality_id)
    reaches = Case.objects.visible_to(actor, Action.MANAGE_CONSENTS).filter(pk=case.pk).exists()
    if not reaches:
        raise PermissionDenied("このケースの同意を記録する権限がありません。")


def _clean_organizations(case: Case, values: Iterable[Any]) -> list[Organization]:
    ids = set()
    for value in values or ():
        ids.add(getattr(value, "pk", None) or clean_id(value, field="organizations"))
    if not ids:
        raise invalid("organizations", "提供先の機関を1つ以上選んでください。", "required")
    found = list(Organization.objects.filter(pk__in=ids, municipality_id=case.municipality_id))
    if len(found) != len(ids):
        raise invalid("organizations", "この自治体の関係機関を選んでください。", "invalid_choice")
    return found


def _clean_categories(values: Iterable[Any]) -> list[str]:
    if isinstance(values, str) or not values:
        raise invalid("categories", "提供する情報の種類を1つ以上選んでください。", "required")
    chosen = {clean_choice(v, Category.choices, field="categories") for v in values}
    return [c for c in Category.values if c in chosen]


def _clean_given_on(value: Any) -> datetime.date:
    day = clean_planned_date(value, field="given_on")
    if day is None:
        raise invalid("given_on", "同意日を入力してください。", "required")
    if day > timezone.localdate():
        raise invalid("given_on", "同意日に未来の日付は入力できません。", "out_of_range")
    return day


def clean_consent_fields(case: Case, fields: dict[str, Any]) -> dict[str, Any]:
    """The fields of a consent, cleaned, or one ValidationError keyed by field."""
    values = gather(
        {
            "given_by": partial(
                clean_choice, fields.get("given_by"), GivenBy.choices, field="given_by"
            ),
            "given_by_name": partial(
                clean_model_text, Consent, "given_by_name", fields.get("given_by_name")
            ),
            "organizations": partial(_clean_organizations, case, fields.get("organizations")),
            "categories": partial(_clean_categories, fields.get("categories")),
            "purpose": partial(
                clean_model_text, Consent, "purpose", fields.get("purpose"), required=True
            ),
            "given_on": partial(_clean_given_on, fields.get("given_on")),
            "form": partial(clean_choice, fields.get("form"), Form.choices, field="form"),
            "expires_on": partial(clean_planned_date, fields.get("expires_on"), field="expires_on"),
        }
    )
    errors = {}
    if values["given_by"] != GivenBy.PERSON and not values["given_by_name"]:
        errors["given_by_name"] = "本人以外が同意したときは、その人の氏名・続柄を入力してください。"
    if values["expires_on"] and values["expires_on"] < values["given_on"]:
        errors["expires_on"] = "有効期限は同意日より後の日付にしてください。"
    if errors:
        raise ValidationError(errors)
    return values


def _save(actor: User, case: Case, values: dict[str, Any], supersedes: Consent | None) -> Consent:
    organizations = values.pop("organizations")
    consent = Consent.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        person_id=case.person_id,
        recorded_by=actor,
        supersedes=supersedes,
        **values,
    )
    ConsentOrganization.objects.bulk_create(
        ConsentOrganization(municipality_id=case.municipality_id, consent=consent, organization=o)
        for o in sorted(organizations, key=lambda o: o.pk)
    )
    return consent


@transaction.atomic
def record_consent(actor: User, case: Case, **fields: Any) -> Consent:
    """Record a consent given for the case's person."""
    check_may_manage(actor, case)
    return _save(actor, case, clean_consent_fields(case, fields), None)


def _locked(consent: Consent) -> Consent:
    return (
        Consent.objects.in_municipality(consent.municipality_id)
        .select_for_update()
        .select_related("case")
        .get(pk=consent.pk)
    )


@transaction.atomic
def change_consent(actor: User, consent: Consent, **fields: Any) -> Consent:
    """A change of a consent: a new record superseding `consent` (which is never edited)."""
    old = _locked(consent)
    check_may_manage(actor, old.case)
    if old.withdrawn_at is not None:
        raise ValidationError("撤回された同意は変更できません。新しい同意として記録してください。")
    if Consent.objects.in_municipality(old.municipality_id).filter(supersedes=old).exists():
        raise ValidationError("この同意はすでに変更されています。最新の同意を変更してください。")
    return _save(actor, old.case, clean_consent_fields(old.case, fields), old)


@transaction.atomic
def withdraw_consent(actor: User, consent: Consent, *, reason: Any) -> Consent:
    """Withdrawal (撤回): from this moment, no sharing relies on this consent."""
    current = _locked(consent)
    check_may_manage(actor, current.case)
    cleaned = gather(
        {
            "withdrawal_reason": partial(
                clean_model_text, Consent, "withdrawal_reason", reason, required=True
            )
        }
    )
    if current.withdrawn_at is not None:
        when = format_wareki(timezone.localdate(current.withdrawn_at))
        raise ValidationError(f"この同意は{when}にすでに撤回されています。")
    if Consent.objects.in_municipality(current.municipality_id).filter(supersedes=current).exists():
        raise ValidationError("この同意は変更されています。最新の同意を撤回してください。")
    current.withdrawn_at = timezone.now()
    current.withdrawn_by = actor
    current.withdrawal_reason = cleaned["withdrawal_reason"]
    current.save(update_fields=list(Consent.WITHDRAWAL_FIELDS))
    return current
