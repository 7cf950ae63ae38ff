"""/api/v1/: おつなぎ — the sending side (a case's referrals, send, cancel) and the receiving side
(referrals received, answer, feedback), through the same access helpers, forms, services and
permissions as the pages. Errors: 403 / 404 / 422 in the API's one shape (tsunagu/api/errors)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja import Status as Answer

from tsunagu.accounts.permissions import Action, require
from tsunagu.audit.log import record_list
from tsunagu.core.validation import clean_choice
from tsunagu.core.validation.schema import ChoiceIn, IdIn, ModelTextIn, TextIn
from tsunagu.people.access import get_case_for_user
from tsunagu.people.visibility import field_policy

from . import queries, services
from .access import get_referral_for_user
from .forms import STATUTE, CancelForm, FeedbackForm, ReferralForm, RespondForm
from .models import Referral, ReferralEvent, Status

router = Router(tags=["referrals"])


class BasisIn(Schema):
    kind: ChoiceIn(("consent", STATUTE)) = Field(
        ..., description="consent（同意）または statute（法令に基づく提供）"
    )
    consent_id: IdIn | None = Field(None, description="kind が consent のとき、同意の番号")
    statute_name: TextIn(300) = Field("", description="kind が statute のとき、法令の名称と条項")


class ReferralIn(Schema):
    organization_id: IdIn
    service_name: ModelTextIn(Referral, "service_name") = ""
    message: ModelTextIn(Referral, "message", required=True)
    covers_intake: bool = False
    covers_contacts: bool = False
    covers_sensitive: bool = False
    basis: BasisIn


class RespondIn(Schema):
    status: ChoiceIn(Status) = Field(
        ..., description="accepted / in_progress / completed / refused"
    )
    reason: ModelTextIn(ReferralEvent, "note") = Field("", description="不受理のときは必須")


class FeedbackIn(Schema):
    text: ModelTextIn(ReferralEvent, "note", required=True)


class CancelIn(Schema):
    reason: ModelTextIn(ReferralEvent, "note", required=True)


class OrganizationOut(Schema):
    id: int
    name: str


class BasisOut(Schema):
    kind: str
    label: str
    consent_id: int | None
    statute: str


class EventOut(Schema):
    kind: str
    kind_label: str
    actor: str
    at: datetime.datetime
    note: str | None = Field(None, description="要配慮個人情報: 読める役割にだけ")


class ReferralOut(Schema):
    id: int
    case_id: int
    organization: OrganizationOut
    service_name: str
    message: str | None
    status: str
    status_label: str
    shares: list[str]
    covers_intake: bool
    covers_contacts: bool
    covers_sensitive: bool
    shared_view_active: bool
    sent_by: str
    sent_at: datetime.datetime
    answered_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    basis: BasisOut | None
    events: list[EventOut] | None = None


class ReferralListOut(Schema):
    items: list[ReferralOut]


class CreatedOut(Schema):
    id: int


def _out(user: Any, referral: Referral, events: list[ReferralEvent] | None = None) -> dict:
    policy = field_policy(user)
    grant, disclosure = referral.grant, referral.disclosure
    data: dict[str, Any] = {
        "id": referral.pk,
        "case_id": referral.case_id,
        "organization": {"id": referral.organization_id, "name": referral.organization.name},
        "service_name": referral.service_name,
        "message": referral.message if policy.readable(referral, "message") else None,
        "status": referral.status,
        "status_label": str(referral.get_status_display()),
        "shares": grant.covered(),
        "covers_intake": grant.covers_intake,
        "covers_contacts": grant.covers_contacts,
        "covers_sensitive": grant.covers_sensitive,
        "shared_view_active": grant.is_active(),
        "sent_by": str(referral.sent_by),
        "sent_at": referral.sent_at,
        "answered_at": referral.answered_at,
        "closed_at": referral.closed_at,
        "basis": {
            "kind": disclosure.basis,
            "label": str(disclosure.get_basis_display()),
            "consent_id": disclosure.consent_id,
            "statute": disclosure.statute,
        },
    }
    if events is not None:
        policy.prime(events)
        data["events"] = [
            {
                "kind": e.kind,
                "kind_label": str(e.get_kind_display()),
                "actor": str(e.actor),
                "at": e.at,
                "note": e.note if policy.readable(e, "note") else None,
            }
            for e in events
        ]
    return data


def _form_error(form: Any) -> ValidationError:
    return ValidationError(form.errors.as_data())


@router.get(
    "/cases/{id:case_id}/referrals",
    response=ReferralListOut,
    summary="ケースのおつなぎ（終わっていないものから、新しい順）",
)
def list_case_referrals(request: HttpRequest, case_id: int) -> dict:
    user = request.auth
    case = get_case_for_user(user, case_id)
    referrals = list(queries.referrals_of_case(user, case)[:100])
    record_list(Referral, referrals, page="api_case_referrals")
    return {"items": [_out(user, r) for r in referrals]}


@router.post(
    "/cases/{id:case_id}/referrals",
    response={201: CreatedOut},
    summary="おつなぎする（送付）",
    description="根拠（有効な同意、または法令）がなければ 422 で、理由を日本語で返します。"
    "送付した時点から、おつなぎ先の機関は選んだ範囲だけを閲覧できます。",
)
def send(request: HttpRequest, case_id: int, payload: ReferralIn) -> Answer:
    user = request.auth
    case = get_case_for_user(user, case_id)
    services.check_may_refer(user, case)
    basis = payload.basis
    data = {
        "organization": payload.organization_id,
        "service_name": payload.service_name,
        "message": payload.message,
        "basis": f"consent:{basis.consent_id or ''}" if basis.kind == "consent" else STATUTE,
        "statute_name": basis.statute_name,
    }
    data.update({n: "on" for n in services.COVER_CATEGORIES if getattr(payload, n)})
    form = ReferralForm(data, case=case)
    if not form.is_valid():
        raise _form_error(form)
    referral = services.send_referral(
        user,
        case,
        organization=form.cleaned_data["organization"],
        basis=form.basis_value(),
        message=form.cleaned_data["message"],
        service_name=form.cleaned_data["service_name"],
        covers=form.covers(),
    )
    return Answer(201, {"id": referral.pk})


@router.get(
    "/referrals/received",
    response=ReferralListOut,
    summary="届いたおつなぎ（関係機関担当: 自分の機関あて、最大100件）",
)
def received(request: HttpRequest, status: TextIn(20) = "") -> dict:
    user = request.auth
    require(user, Action.ANSWER_REFERRAL)
    status = clean_choice(status, Status, field="status", required=False)
    referrals = list(queries.received_referrals(user, status or None)[:100])
    record_list(Referral, referrals, page="api_referral_inbox")
    return {"items": [_out(user, r) for r in referrals]}


@router.get("/referrals/{id:referral_id}", response=ReferralOut, summary="おつなぎ（経過つき）")
def detail(request: HttpRequest, referral_id: int) -> dict:
    user = request.auth
    referral = get_referral_for_user(user, referral_id)
    return _out(user, referral, queries.events_of(user, referral))


@router.post(
    "/referrals/{id:referral_id}/respond",
    response=ReferralOut,
    summary="おつなぎに回答する（受理・対応中・完了・不受理）",
    description="おつなぎ先の機関の関係機関担当だけ。状態の流れにない回答は 422。",
)
def respond(request: HttpRequest, referral_id: int, payload: RespondIn) -> dict:
    user = request.auth
    referral = get_referral_for_user(user, referral_id)
    services.check_receiver(user, referral)
    form = RespondForm(payload.dict(), referral=referral)
    if not form.is_valid():
        raise _form_error(form)
    services.respond(user, referral, form.cleaned_data["status"], form.cleaned_data["reason"])
    referral = get_referral_for_user(user, referral_id)
    return _out(user, referral, queries.events_of(user, referral))


@router.post(
    "/referrals/{id:referral_id}/feedback",
    response={201: CreatedOut},
    summary="フィードバックを送る（おつなぎ先の機関から）",
)
def feedback(request: HttpRequest, referral_id: int, payload: FeedbackIn) -> Answer:
    user = request.auth
    referral = get_referral_for_user(user, referral_id)
    services.check_receiver(user, referral)
    form = FeedbackForm(payload.dict())
    if not form.is_valid():
        raise _form_error(form)
    event = services.add_feedback(user, referral, form.cleaned_data["text"])
    return Answer(201, {"id": event.pk})


@router.post(
    "/referrals/{id:referral_id}/cancel",
    response=ReferralOut,
    summary="おつなぎを取り消す（おつなぎ元から）",
)
def cancel(request: HttpRequest, referral_id: int, payload: CancelIn) -> dict:
    user = request.auth
    referral = get_referral_for_user(user, referral_id)
    services.check_may_refer(user, referral.case)
    form = CancelForm(payload.dict())
    if not form.is_valid():
        raise _form_error(form)
    services.cancel(user, referral, form.cleaned_data["reason"])
    referral = get_referral_for_user(user, referral_id)
    return _out(user, referral, queries.events_of(user, referral))
