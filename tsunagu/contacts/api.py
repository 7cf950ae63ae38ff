"""/api/v1/cases/{case_id}/contacts: the contact log through the same access helpers,
permissions, forms and services as the pages (a django-ninja Router, mounted in tsunagu/api)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from tsunagu.accounts.permissions import Action, require
from tsunagu.audit.log import record_list
from tsunagu.people.access import get_case_for_user
from tsunagu.people.visibility import field_policy

from .access import contacts_of_case
from .forms import ContactForm
from .models import Contact, NoteSource
from .services import log_contact

router = Router(tags=["contacts"])


class NoteIn(Schema):
    source: str
    text: str


class ContactIn(Schema):
    channel: str
    occurred_at: str
    duration_minutes: int | None = None
    reached: str
    summary: str = ""
    notes: list[NoteIn] = []
    next_action: str = ""
    next_action_due: str | None = None
    staff_ids: list[int] = []


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


class ErrorsOut(Schema):
    detail: str
    errors: dict[str, list[str]]


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
    "/cases/{case_id}/contacts",
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


def _bad_request(errors: dict[str, list[str]]) -> Status:
    return Status(400, {"detail": _("入力内容を確認してください。"), "errors": errors})


@router.post(
    "/cases/{case_id}/contacts",
    response={201: CreatedOut, 400: ErrorsOut},
    summary="支援記録を追加",
)
def create_contact(request: HttpRequest, case_id: int, payload: ContactIn) -> Status:
    user = request.auth
    case = get_case_for_user(user, case_id)
    try:
        require(user, Action.EDIT_CASE, case.municipality_id)
    except PermissionDenied as denied:
        raise HttpError(403, str(denied)) from denied
    data = payload.dict(exclude={"notes", "staff_ids"})
    data["staff"] = payload.staff_ids or [user.pk]
    form = ContactForm(
        {k: ("" if v is None else v) for k, v in data.items()}, municipality_id=case.municipality_id
    )
    errors: dict[str, list[str]] = {}
    if not form.is_valid():
        errors.update({k: [str(m) for m in v] for k, v in form.errors.items()})
    for i, note in enumerate(payload.notes):
        if note.source not in NoteSource.values:
            errors.setdefault("notes", []).append(
                _("%(n)d件目の情報源「%(value)s」は使えません。（%(codes)s のいずれか）")
                % {"n": i + 1, "value": note.source, "codes": "、".join(NoteSource.values)}
            )
        elif not note.text.strip():
            errors.setdefault("notes", []).append(_("%(n)d件目の記録が空です。") % {"n": i + 1})
    if errors:
        return _bad_request(errors)
    fields = dict(form.cleaned_data)
    fields["staff"] = list(fields["staff"])
    try:
        contact = log_contact(
            user, case, **fields, notes=[(n.source, n.text) for n in payload.notes]
        )
    except ValidationError as error:
        return _bad_request({"__all__": list(error.messages)})
    return Status(201, {"id": contact.pk})
