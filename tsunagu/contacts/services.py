"""Write path of the contact log and outreach visits (actor first, permission, one transaction).

Reads that are not a page of their own live here too: `disclosure_view` (notes by source) and
`staff_queryset` (who may be named as staff present).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, require, users_who_may
from tsunagu.core.validation import (
    clean_choice,
    clean_contact_time,
    clean_int,
    clean_model_text,
    clean_planned_date,
    clean_planned_time,
    gather,
)
from tsunagu.people.models import Case

from .models import (
    Channel,
    Contact,
    ContactNote,
    ContactStaff,
    NoteSource,
    OutreachVisit,
    Reached,
    VisitStaff,
)

NoteParts = Iterable[tuple[str, str]]


def staff_queryset(municipality_id: int) -> QuerySet[User]:
    """Active staff of this municipality who work on cases (may be named as present)."""
    return users_who_may(Action.VIEW_CASE, municipality_id)


def _check_staff(municipality_id: int, staff: Sequence[User]) -> list[User]:
    unique = list({u.pk: u for u in staff}.values())
    ids = [u.pk for u in unique]
    if staff_queryset(municipality_id).filter(pk__in=ids).count() != len(ids):
        raise ValidationError(
            {"staff": _("対応した職員には、このケースの自治体の相談担当の職員だけを選べます。")}
        )
    return unique


def _require_contacts_of(actor: User, action: str, case_id: int, municipality_id: int) -> None:
    """The actor may write the contact log of this case: the action in its municipality, and
    the case within the actor's scope — through a grant, one that covers contacts."""
    require(actor, action, municipality_id)
    reach = Case.objects.visible_to(actor, action, needs=frozenset({"contacts"}))
    if not reach.filter(pk=case_id).exists():
        raise PermissionDenied(_("このケースの支援記録を扱う権限がありません。"))


def clean_notes(notes: NoteParts) -> list[tuple[int, str, str]]:
    """(order, source, text) of the non-empty note parts, checked."""
    cleaned = []
    for order, (source, text) in enumerate(notes):
        text = clean_model_text(ContactNote, "text", text)
        if text:
            source = clean_choice(source, NoteSource, field="notes", label=_("情報源"))
            cleaned.append((order, source, text))
    return cleaned


def _add_notes(contact: Contact, notes: list[tuple[int, str, str]]) -> list[ContactNote]:
    return [
        ContactNote.objects.create(
            municipality_id=contact.municipality_id,
            contact=contact,
            source=source,
            text=text,
            order=order,
        )
        for order, source, text in notes
    ]


def _set_staff(contact: Contact, staff: Sequence[User]) -> None:
    ContactStaff.objects.bulk_create(
        [
            ContactStaff(municipality_id=contact.municipality_id, contact=contact, user=u)
            for u in staff
        ]
    )


@transaction.atomic
def log_contact(
    actor: User,
    case: Case,
    *,
    channel: str,
    occurred_at: datetime.datetime,
    reached: str,
    duration_minutes: int | None = None,
    summary: str = "",
    next_action: str = "",
    next_action_due: datetime.date | None = None,
    staff: Sequence[User] | None = None,
    notes: NoteParts = (),
) -> Contact:
    """Record a contact that happened. `staff` defaults to the actor."""
    _require_contacts_of(actor, Action.EDIT_CASE, case.pk, case.municipality_id)
    values = clean_contact_fields(
        channel=channel,
        occurred_at=occurred_at,
        reached=reached,
        duration_minutes=duration_minutes,
        summary=summary,
        next_action=next_action,
        next_action_due=next_action_due,
    )
    parts = clean_notes(notes)
    present = _check_staff(case.municipality_id, list(staff) if staff else [actor])
    contact = Contact.objects.create(
        municipality_id=case.municipality_id, case=case, created_by=actor, **values
    )
    _set_staff(contact, present)
    _add_notes(contact, parts)
    return contact


def clean_contact_fields(
    *,
    channel: str,
    occurred_at: Any,
    reached: str,
    duration_minutes: Any = None,
    summary: str = "",
    next_action: str = "",
    next_action_due: Any = None,
) -> dict[str, Any]:
    """The checked field values of a contact (every error at once, keyed by field): what
    `log_contact` writes, and what an import checks each row with (tsunagu.imports)."""
    return gather(
        {
            "channel": partial(clean_choice, channel, Channel, field="channel", label=_("方法")),
            "reached": partial(
                clean_choice, reached, Reached, field="reached", label=_("対応した相手")
            ),
            "occurred_at": partial(clean_contact_time, occurred_at),
            "duration_minutes": partial(
                clean_int,
                duration_minutes,
                field="duration_minutes",
                min_value=0,
                max_value=24 * 60,
            ),
            "summary": partial(clean_model_text, Contact, "summary", summary),
            "next_action": partial(clean_model_text, Contact, "next_action", next_action),
            "next_action_due": partial(clean_planned_date, next_action_due),
        }
    )


def pair_visit_warnings(staff: Sequence[Any]) -> list[str]:
    """Home visits are recommended in pairs: warn (do not refuse) when fewer than two go."""
    if len({getattr(u, "pk", u) for u in staff}) < 2:
        return [
            _(
                "訪問は2人以上で行うことを推奨します。1人で訪問する場合は、上司に予定を伝えてください。"
            )
        ]
    return []


@transaction.atomic
def plan_visit(
    actor: User,
    case: Case,
    *,
    planned_for: datetime.datetime,
    staff: Sequence[User] | None = None,
    purpose: str = "",
    safety_notes: str = "",
) -> OutreachVisit:
    """Plan an outreach visit. The result carries `.warnings` (e.g. a visit alone)."""
    _require_contacts_of(actor, Action.EDIT_CASE, case.pk, case.municipality_id)
    values = gather(
        {
            "planned_for": partial(clean_planned_time, planned_for),
            "purpose": partial(clean_model_text, OutreachVisit, "purpose", purpose),
            "safety_notes": partial(clean_model_text, OutreachVisit, "safety_notes", safety_notes),
        }
    )
    visitors = _check_staff(case.municipality_id, list(staff) if staff else [actor])
    visit = OutreachVisit.objects.create(
        municipality_id=case.municipality_id, case=case, created_by=actor, **values
    )
    VisitStaff.objects.bulk_create(
        [VisitStaff(municipality_id=case.municipality_id, visit=visit, user=u) for u in visitors]
    )
    visit.warnings = pair_visit_warnings(visitors)
    return visit


def _visit_staff(visit: OutreachVisit) -> list[User]:
    links = VisitStaff.objects.in_municipality(visit.municipality_id).filter(visit=visit)
    return [link.user for link in links.select_related("user")]


@transaction.atomic
def record_visit(
    actor: User,
    visit: OutreachVisit,
    *,
    reached: str,
    occurred_at: datetime.datetime | None = None,
    duration_minutes: int | None = None,
    summary: str = "",
    notes: NoteParts = (),
    next_action: str = "",
    next_action_due: datetime.date | None = None,
    staff: Sequence[User] | None = None,
) -> Contact:
    """Turn a planned visit into a done Contact (channel 訪問). Staff default to the plan's."""
    _require_contacts_of(actor, Action.EDIT_CASE, visit.case_id, visit.municipality_id)
    visit = (
        OutreachVisit.objects.in_municipality(visit.municipality_id)
        .select_for_update()
        .get(pk=visit.pk)
    )
    if visit.status != OutreachVisit.Status.PLANNED:
        raise ValidationError(_("この訪問はすでに記録済みか、中止されています。"))
    contact = log_contact(
        actor,
        visit.case,
        channel=Channel.VISIT,
        occurred_at=occurred_at or visit.planned_for,
        reached=reached,
        duration_minutes=duration_minutes,
        summary=summary,
        next_action=next_action,
        next_action_due=next_action_due,
        staff=list(staff) if staff else _visit_staff(visit),
        notes=notes,
    )
    visit.status = OutreachVisit.Status.DONE
    visit.contact = contact
    visit.save(update_fields=["status", "contact", "updated_at"])
    return contact


@transaction.atomic
def cancel_visit(actor: User, visit: OutreachVisit) -> OutreachVisit:
    _require_contacts_of(actor, Action.EDIT_CASE, visit.case_id, visit.municipality_id)
    if visit.status != OutreachVisit.Status.PLANNED:
        raise ValidationError(_("この訪問はすでに記録済みか、中止されています。"))
    visit.status = OutreachVisit.Status.CANCELLED
    visit.save(update_fields=["status", "updated_at"])
    return visit


@transaction.atomic
def complete_next_action(actor: User, contact: Contact) -> Contact:
    _require_contacts_of(actor, Action.EDIT_CASE, contact.case_id, contact.municipality_id)
    if not contact.next_action_done:
        contact.next_action_done = True
        contact.save(update_fields=["next_action_done", "updated_at"])
    return contact


def disclosure_view(
    contact: Contact, include_sources: Iterable[str] | None = None
) -> list[ContactNote]:
    """The note parts of a contact whose source is in `include_sources` (all when None), in order.

    For answering a disclosure request part by part. The caller has fetched `contact` through
    the access helpers and checked that the user may read S fields.
    """
    parts = ContactNote.objects.in_municipality(contact.municipality_id).filter(contact=contact)
    if include_sources is not None:
        sources = set(include_sources)
        unknown = sources - set(NoteSource.values)
        if unknown:
            raise ValueError(f"unknown note sources: {sorted(unknown)}")
        parts = parts.filter(source__in=sources)
    return list(parts.order_by("order", "pk"))
