"""/api/v1/cases/{case_id}/contacts: the contact log through the same access helpers,
permissions, forms and services as the pages (a django-ninja Router, mounted in tsunagu/api)."""

from __future__ import annotations

import datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from tsunagu.accounts.permissions import Action, require
from tsunagu.audit.log import record_list
from tsunagu.core.validation.schema import ChoiceIn, IdIn, IntIn, ModelTextIn, TextIn
from tsunagu.people.access import get_case_for_user
from tsunagu.people.visibility import field_policy

from .access import contacts_of_case
from .forms import ContactForm
from .models import Channel, Contact, ContactNote, NoteSource, Reached
from .services import log_contact

router = Router(tags=["contacts"])


class NoteIn(Schema):
    source: ChoiceIn(NoteSource)
    text: ModelTextIn(ContactNote, "text", required=True)


class ContactIn(Schema):
    channel: ChoiceIn(Channel)
    occurred_at: TextIn(40, required=True) = Field(
        ..., description="日時（2026-04-01T10:30、東京時間）", examples=["2026-04-01T10:30"]
    )
    duration_minutes: IntIn(0, 24 * 60) | None = None
    reached: ChoiceIn(Reached)
    summary: ModelTextIn(Contact, "summary") = ""
    notes: Annotated[list[NoteIn], Field(max_length=20)] = []
    next_action: ModelTextIn(Contact, "next_action") = ""
    next_action_due: TextIn(40) | None = Field(
        None, description="次回の対応の期限（2026-04-30）", examples=["2026-04-30"]
    )
    staff_ids: Annotated[list[IdIn], Field(max_length=50)] = []


class NoteOut(Schema):
    source: str
    source_label: str
    text: str


class ContactOut(Schema):
    id: int
    channel: str
    channel_label: str
    occurred_at: datetime.datetime
    duration_minutes: int | None
    reached: str
    reached_label: str
    staff: list[str]
    summary: str | None = None
    notes: list[NoteOut] | None = None
    next_action: str | None = None
    next_action_due: datetime.date | None
    next_action_done: bool


class ContactListOut(Schema):
    items: list[ContactOut]


class CreatedOut(Schema):
    id: int


def _out(contact: Contact, sensitive: bool) -> dict:
    data = {
        "id": contact.pk,
        "channel": contact.channel,
        "channel_label": str(contact.get_channel_display()),
        "occurred_at": contact.occurred_at,
        "duration_minutes": contact.duration_minutes,
        "reached": contact.reached,
        "reached_label": str(contact.get_reached_display()),
        "staff": [str(u) for u in contact.staff.all()],
        "next_action_due": contact.next_action_due,
        "next_action_done": contact.next_action_done,
    }
    if sensitive:  # S fields only for roles that may read 要配慮個人情報
        data["summary"] = contact.summary
        data["next_action"] = contact.next_action
        data["notes"] = [
            {"source": n.source, "source_label": str(n.get_source_display()), "text": n.text}
            for n in contact.notes.all()
        ]
    return data


@router.get(
    "/cases/{id:case_id}/contacts",
    response=ContactListOut,
    summary="ケースの支援記録（新しい順、最大100件）",
)
def list_contacts(request: HttpRequest, case_id: int) -> dict:
    user = request.auth
    case = get_case_for_user(user, case_id)
    sensitive = field_policy(user).reads_sensitive(case)
    contacts = list(contacts_of_case(user, case)[:100])
    record_list(Contact, contacts, page="api_contacts")
    return {"items": [_out(c, sensitive) for c in contacts]}


@router.post(
    "/cases/{id:case_id}/contacts",
    response={201: CreatedOut},
    summary="支援記録を追加",
    description="画面と同じフォームで検証します（誤りは 422）。日時は記録の開始日以降、"
    "翌日までです。",
)
def create_contact(request: HttpRequest, case_id: int, payload: ContactIn) -> Status:
    user = request.auth
    case = get_case_for_user(user, case_id)
    require(user, Action.EDIT_CASE, case.municipality_id)
    data = payload.dict(exclude={"notes", "staff_ids"})
    data["staff"] = payload.staff_ids or [user.pk]
    form = ContactForm(
        {k: ("" if v is None else v) for k, v in data.items()}, municipality_id=case.municipality_id
    )
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    fields = dict(form.cleaned_data)
    fields["staff"] = list(fields["staff"])
    contact = log_contact(user, case, **fields, notes=[(n.source, n.text) for n in payload.notes])
    return Status(201, {"id": contact.pk})
