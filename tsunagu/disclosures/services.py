"""Opening a 開示請求, saving the review, and exporting the reviewed record.

The export is one transaction: the decisions are saved, the disclosure to the person is logged
in their disclosure log (consent.disclosure.disclose, once per case, basis 個人情報保護法第76条),
the export is audited, and the document is rendered — a refusal or a failed rendering leaves
nothing behind.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, require
from tsunagu.audit.log import record as audit
from tsunagu.audit.models import AuditAction
from tsunagu.consent.disclosure import Basis, disclose
from tsunagu.consent.models import Category, Channel
from tsunagu.core.validation.dates import records_begin
from tsunagu.jp.wareki import format_wareki
from tsunagu.people.models import Case, Person

from . import document
from .assemble import ACTION, Record, assemble
from .models import DisclosureRequest, Requester, Status
from .review import WITHHOLD, decision_of, undecided
from .rules import CATEGORY_BY_APP

LEGAL_BASIS = "個人情報保護法第76条（本人からの開示請求）・第78条"


def open_request(
    actor: User,
    person: Person,
    *,
    received_on: datetime.date,
    requester: str,
    requester_name: str = "",
) -> DisclosureRequest:
    """A new request under review; due 30 days after receipt (第83条)."""
    require(actor, ACTION, person.municipality_id)
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "受付日に未来の日付は入力できません。"})
    if received_on < records_begin():
        first = format_wareki(records_begin())
        raise ValidationError({"received_on": f"受付日は{first}以降の日付で入力してください。"})
    if requester not in Requester.values:
        raise ValidationError({"requester": "開示請求者を選んでください。"})
    if requester != Requester.PERSON and not requester_name.strip():
        raise ValidationError(
            {"requester_name": "本人以外の請求では、請求者の氏名を入力してください。"}
        )
    return DisclosureRequest.objects.create(
        municipality_id=person.municipality_id,
        person=person,
        received_on=received_on,
        due_on=DisclosureRequest.due_for(received_on),
        requester=requester,
        requester_name=requester_name.strip(),
        created_by=actor,
    )


def read_record(actor: User, request: DisclosureRequest) -> Record:
    """The person's whole record, assembled for this request: a read of personal data, audited
    with the ids of every record read (by model)."""
    record = assemble(actor, request.person)
    audit(
        AuditAction.VIEW,
        obj=request.person,
        extra={
            "page": "disclosure_review",
            "disclosure_request": request.pk,
            "items": len(record.items),
            "read": {label: ids for label, ids in record.read.items() if ids},
        },
    )
    return record


def _locked(actor: User, request: DisclosureRequest) -> DisclosureRequest:
    return (
        DisclosureRequest.objects.visible_to(actor, ACTION).select_for_update().get(pk=request.pk)
    )


@transaction.atomic
def save_decisions(
    actor: User, request: DisclosureRequest, decisions: dict[str, dict[str, str]]
) -> DisclosureRequest:
    require(actor, ACTION, request.municipality_id)
    locked = _locked(actor, request)
    locked.decisions = decisions
    locked.save(update_fields=["decisions", "updated_at"])
    return locked


def categories_of(record: Record, decisions: dict[str, dict[str, str]]) -> set[str]:
    categories = {Category.BASIC.value}
    for item in record.items:
        if decision_of(decisions, item)[0] == WITHHOLD:
            continue
        app = item.source.split(".")[0]
        if app in CATEGORY_BY_APP:
            categories.add(CATEGORY_BY_APP[app])
        if item.sensitive:
            categories.add(Category.SENSITIVE.value)
    return categories


@transaction.atomic
def export(
    actor: User,
    request: DisclosureRequest,
    record: Record,
    decisions: dict[str, dict[str, str]],
    fmt: str,
) -> bytes:
    """The document of the reviewed record in `fmt` (pdf, json, csv). Raises ValidationError
    (Japanese) while an item still needs a decision."""
    require(actor, ACTION, request.municipality_id)
    if fmt not in document.FORMATS:
        raise ValidationError("出力の形式が正しくありません。")
    missing = undecided(record, decisions)
    if missing:
        raise ValidationError(
            f"開示するか不開示とするかを決めていない項目が{len(missing)}件あります。"
        )
    locked = _locked(actor, request)
    locked.decisions = decisions
    locked.status = Status.EXPORTED
    locked.exported_by = actor
    locked.exported_at = timezone.now()
    locked.save(update_fields=["decisions", "status", "exported_by", "exported_at", "updated_at"])
    categories = categories_of(record, decisions)
    cases = Case.objects.visible_to(actor, Action.VIEW_CASE).filter(pk__in=record.case_ids)
    logged = [
        disclose(
            actor,
            case,
            channel=Channel.EXPORT,
            organizations=[],
            categories=categories,
            basis=Basis.statute(LEGAL_BASIS),
            target=locked,
        ).pk
        for case in cases.order_by("pk")
    ]
    withheld = sum(1 for item in record.items if decision_of(decisions, item)[0] == WITHHOLD)
    audit(
        AuditAction.EXPORT,
        obj=locked,
        extra={
            "document": "disclosure_request",
            "format": fmt,
            "items": len(record.items),
            "withheld": withheld,
            "disclosures": logged,
            "categories": sorted(categories),
        },
    )
    return document.render(fmt, locked, record, decisions)
