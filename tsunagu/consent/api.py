"""/api/v1: consents of a case (list, record, change, withdraw) and a person's disclosure
history — the same access helpers, permissions and services as the pages."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from tsunagu.accounts.permissions import Action
from tsunagu.audit.log import record_list
from tsunagu.core.validation.schema import ChoiceIn, IdIn, ModelTextIn, TextIn

from .access import (
    consents_of_case,
    disclosures_of_person,
    get_case_for_consents,
    get_consent_for_user,
    get_person_for_disclosures,
)
from .models import Category, Consent, Disclosure, Form, GivenBy
from .services import change_consent, record_consent, withdraw_consent

router = Router(tags=["consent"])
MAX_ITEMS = 200


class ConsentIn(Schema):
    given_by: ChoiceIn(GivenBy)
    given_by_name: ModelTextIn(Consent, "given_by_name") = ""
    organization_ids: Annotated[list[IdIn], Field(min_length=1, max_length=50)]
    categories: Annotated[list[ChoiceIn(Category)], Field(min_length=1, max_length=10)]
    purpose: ModelTextIn(Consent, "purpose", required=True)
    given_on: TextIn(40, required=True) = Field(
        ..., description="同意日（2026-04-01 または 和暦）", examples=["2026-04-01"]
    )
    form: ChoiceIn(Form)
    expires_on: TextIn(40) | None = Field(
        None, description="有効期限（この日まで有効。空は期限なし）", examples=["2027-03-31"]
    )


class WithdrawIn(Schema):
    reason: ModelTextIn(Consent, "withdrawal_reason", required=True)


class OrganizationOut(Schema):
    id: int
    name: str


class ConsentOut(Schema):
    id: int
    case_id: int
    status: str
    status_label: str
    given_by: str
    given_by_label: str
    given_by_name: str
    organizations: list[OrganizationOut]
    categories: list[str]
    category_labels: list[str]
    purpose: str
    given_on: datetime.date
    form: str
    form_label: str
    expires_on: datetime.date | None
    supersedes_id: int | None
    recorded_by: str
    recorded_at: datetime.datetime
    withdrawn_at: datetime.datetime | None
    withdrawn_by: str | None
    withdrawal_reason: str


class ConsentListOut(Schema):
    items: list[ConsentOut]


class CreatedOut(Schema):
    id: int


class DisclosureOut(Schema):
    id: int
    case_id: int
    disclosed_at: datetime.datetime
    channel: str
    channel_label: str
    basis: str
    basis_label: str
    consent_id: int | None
    statute: str
    organizations: list[OrganizationOut]
    recipients: list[str]
    categories: list[str]
    actor: str


class DisclosureListOut(Schema):
    items: list[DisclosureOut]


def _consent_out(consent: Consent) -> dict:
    return {
        "id": consent.pk,
        "case_id": consent.case_id,
        "status": consent.status(),
        "status_label": consent.status_label(),
        "given_by": consent.given_by,
        "given_by_label": str(consent.get_given_by_display()),
        "given_by_name": consent.given_by_name,
        "organizations": [
            {"id": link.organization_id, "name": link.organization.name}
            for link in consent.organization_links.all()
        ],
        "categories": list(consent.categories),
        "category_labels": consent.category_labels(),
        "purpose": consent.purpose,
        "given_on": consent.given_on,
        "form": consent.form,
        "form_label": str(consent.get_form_display()),
        "expires_on": consent.expires_on,
        "supersedes_id": consent.supersedes_id,
        "recorded_by": str(consent.recorded_by),
        "recorded_at": consent.recorded_at,
        "withdrawn_at": consent.withdrawn_at,
        "withdrawn_by": str(consent.withdrawn_by) if consent.withdrawn_by_id else None,
        "withdrawal_reason": consent.withdrawal_reason,
    }


def _fields(payload: ConsentIn) -> dict:
    data = payload.dict()
    data["organizations"] = data.pop("organization_ids")
    return data


@contextmanager
def _api_names() -> Iterator[None]:
    """The services name the field "organizations"; the API's input calls it organization_ids."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        renamed = {
            ("organization_ids" if key == "organizations" else key): items
            for key, items in error.error_dict.items()
        }
        raise ValidationError(renamed) from None


def _reloaded(user, consent: Consent) -> dict:
    case = consent.case
    shown = consents_of_case(user, case).get(pk=consent.pk)
    return _consent_out(shown)


@router.get(
    "/cases/{id:case_id}/consents",
    response=ConsentListOut,
    summary="ケースの本人の同意（現在のものと履歴、新しい順）",
)
def list_consents(request: HttpRequest, case_id: int) -> dict:
    user = request.auth
    case = get_case_for_consents(user, case_id)
    consents = list(consents_of_case(user, case)[:MAX_ITEMS])
    record_list(Consent, consents, page="api_consents")
    return {"items": [_consent_out(c) for c in consents]}


@router.post(
    "/cases/{id:case_id}/consents",
    response={201: CreatedOut},
    summary="同意を記録",
    description="画面と同じ検証です（誤りは 422）。同意日は今日まで、有効期限は同意日以降。",
)
def create_consent(request: HttpRequest, case_id: int, payload: ConsentIn) -> Status:
    user = request.auth
    case = get_case_for_consents(user, case_id, Action.MANAGE_CONSENTS)
    with _api_names():
        consent = record_consent(user, case, **_fields(payload))
    return Status(201, {"id": consent.pk})


@router.post(
    "/consents/{id:consent_id}/change",
    response={201: CreatedOut},
    summary="同意を変更（元の記録は残し、変更後の内容を新しい同意として記録）",
)
def change(request: HttpRequest, consent_id: int, payload: ConsentIn) -> Status:
    user = request.auth
    consent = get_consent_for_user(user, consent_id, Action.MANAGE_CONSENTS)
    with _api_names():
        new = change_consent(user, consent, **_fields(payload))
    return Status(201, {"id": new.pk})


@router.post(
    "/consents/{id:consent_id}/withdraw",
    response=ConsentOut,
    summary="同意の撤回を記録（この時点から、この同意による情報提供はできません）",
)
def withdraw(request: HttpRequest, consent_id: int, payload: WithdrawIn) -> dict:
    user = request.auth
    consent = get_consent_for_user(user, consent_id, Action.MANAGE_CONSENTS)
    withdraw_consent(user, consent, reason=payload.reason)
    return _reloaded(user, consent)


def _disclosure_out(disclosure: Disclosure) -> dict:
    return {
        "id": disclosure.pk,
        "case_id": disclosure.case_id,
        "disclosed_at": disclosure.disclosed_at,
        "channel": disclosure.channel,
        "channel_label": str(disclosure.get_channel_display()),
        "basis": disclosure.basis,
        "basis_label": disclosure.basis_label(),
        "consent_id": disclosure.consent_id,
        "statute": disclosure.statute,
        "organizations": [
            {"id": link.organization_id, "name": link.organization.name}
            for link in disclosure.organization_links.all()
        ],
        "recipients": [str(link.user) for link in disclosure.recipient_links.all()],
        "categories": list(disclosure.categories),
        "actor": str(disclosure.actor),
    }


@router.get(
    "/persons/{id:person_id}/disclosures",
    response=DisclosureListOut,
    summary="本人の情報提供の記録（根拠別、新しい順、最大200件。監督職のみ）",
)
def list_disclosures(request: HttpRequest, person_id: int) -> dict:
    user = request.auth
    person = get_person_for_disclosures(user, person_id)
    disclosures = list(disclosures_of_person(user, person)[:MAX_ITEMS])
    record_list(Disclosure, disclosures, page="api_disclosures")
    return {"items": [_disclosure_out(d) for d in disclosures]}
