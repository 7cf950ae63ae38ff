"""Test builders for the contact log: contacts and planned visits on the world's cases.

`add_contacts(world)` gives every Side `contact`, `other_contact`, `visit` and `other_visit`
(on `case` and `other_case`), so URL parameters `contact_id` and `visit_id` can be walked.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.contacts.models import (
    Contact,
    ContactNote,
    ContactStaff,
    NoteSource,
    OutreachVisit,
    VisitStaff,
)
from tsunagu.people.models import Case

from .world import World


def make_contact(
    case: Case,
    *,
    staff: Sequence[User] = (),
    notes: Sequence[tuple[str, str]] = (),
    occurred_at: datetime.datetime | None = None,
    **fields: object,
) -> Contact:
    values: dict[str, object] = {
        "channel": "phone",
        "reached": "family",
        "summary": "電話で母親と話した（要配慮）",
        "occurred_at": occurred_at or timezone.now(),
    }
    values.update(fields)
    contact = Contact.objects.create(municipality_id=case.municipality_id, case=case, **values)
    for user in staff:
        ContactStaff.objects.create(
            municipality_id=case.municipality_id, contact=contact, user=user
        )
    for order, (source, text) in enumerate(notes):
        ContactNote.objects.create(
            municipality_id=case.municipality_id,
            contact=contact,
            source=source,
            text=text,
            order=order,
        )
    return contact


def make_visit(
    case: Case,
    *,
    staff: Sequence[User] = (),
    planned_for: datetime.datetime | None = None,
    **fields: object,
) -> OutreachVisit:
    visit = OutreachVisit.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        planned_for=planned_for or timezone.now() + datetime.timedelta(days=1),
        safety_notes=fields.pop("safety_notes", "犬がいる（要配慮）"),
        **fields,
    )
    for user in staff:
        VisitStaff.objects.create(municipality_id=case.municipality_id, visit=visit, user=user)
    return visit


def add_contacts(world: World) -> World:
    for side in (world.home, world.away):
        staff = list(side.users.values())[:1]
        notes = [(NoteSource.PERSON, "本人の発言（要配慮）"), (NoteSource.STAFF, "職員の所見")]
        side.contact = make_contact(side.case, staff=staff, notes=notes)
        side.visit = make_visit(side.case, staff=staff)
        if side.other_case is side.case:
            side.other_contact, side.other_visit = side.contact, side.visit
        else:
            side.other_contact = make_contact(side.other_case, staff=staff, notes=notes)
            side.other_visit = make_visit(side.other_case, staff=staff)
    return world


def bulk_timeline(case: Case, n: int, *, start: datetime.datetime | None = None) -> None:
    """``n`` timeline rows on ``case`` for paging and query-count tests, written in bulk without
    the per-row audit (search.synthetic's TableWriter): contacts, status and engagement changes
    in turn, one hour apart going back from ``start``, every third pair at the same moment (so
    that paging must break ties)."""
    from tsunagu.people.models import CaseStatusChange, EngagementChange
    from tsunagu.search.synthetic.writer import TableWriter

    start = start or timezone.now()
    common = ("municipality_id", "case_id")
    writers = {
        "contact": TableWriter(Contact, [*common, "channel", "reached", "summary", "occurred_at"]),
        "status": TableWriter(
            CaseStatusChange, [*common, "from_status", "to_status", "reason", "changed_at"]
        ),
        "engagement": TableWriter(
            EngagementChange, [*common, "from_stage", "to_stage", "note", "changed_at"]
        ),
    }
    rows: dict[str, list[tuple]] = {kind: [] for kind in writers}
    ids = (case.municipality_id, case.pk)
    for i in range(n):
        at = start - datetime.timedelta(hours=i - (i % 3 == 2))
        kind = ("contact", "status", "engagement")[i % 3]
        if kind == "contact":
            rows[kind].append((*ids, "phone", "family", f"一括{i}", at))
        elif kind == "status":
            rows[kind].append((*ids, "support", "watching", f"一括{i}", at))
        else:
            rows[kind].append((*ids, "family_only", "indirect", f"一括{i}", at))
    for kind, writer in writers.items():
        writer.write(rows[kind])
        writer.reset_sequence()
