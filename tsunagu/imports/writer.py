"""Writing the checked rows of an import, in chunks of bulk inserts.

Every value was checked by the services' own validators (check.py), the guard of
`core.validation` checks every instance as a save would, the permission is the one the screens
ask (`require` for creating persons and intakes; contacts only on cases the actor may write the
contact log of), and `bulk_create` of personal data writes one audit entry per row (tenancy
scoping → audit.log.record_rows, each chain locked once per chunk)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, require
from tsunagu.contacts.models import Contact, ContactNote, ContactStaff
from tsunagu.core.bulk_insert import insert_rows
from tsunagu.core.validation.guard import check_instance
from tsunagu.people.models import Case, Person
from tsunagu.search.index import build_entry
from tsunagu.search.models import PersonSearchEntry

from .check import RowPlan
from .models import ImportedRow, ImportJob, Kind

CHUNK = 2000


def _chunks(rows: list[RowPlan]) -> list[list[RowPlan]]:
    return [rows[i : i + CHUNK] for i in range(0, len(rows), CHUNK)]


def write(job: ImportJob, actor: User, rows: list[RowPlan], progress: Callable[[int], None]) -> int:
    """Create the records of ``rows`` (inside the caller's transaction); returns how many."""
    kind = job.mapping.kind
    municipality_id = job.municipality_id
    if kind == Kind.PERSONS:
        require(actor, Action.CREATE_PERSON, municipality_id)
    if kind in (Kind.PERSONS, Kind.CASES):
        require(actor, Action.CREATE_INTAKE, municipality_id)
    if kind == Kind.CONTACTS:
        require(actor, Action.EDIT_CASE, municipality_id)
        _check_contact_cases(actor, {r.case_id for r in rows})
    done = 0
    for chunk in _chunks(rows):
        if kind == Kind.PERSONS:
            _persons(job, actor, chunk)
        elif kind == Kind.CASES:
            _cases(job, actor, chunk)
        else:
            _contacts(job, actor, chunk)
        done += len(chunk)
        progress(done)
    return done


def _check_contact_cases(actor: User, case_ids: set[int | None]) -> None:
    reach = Case.objects.visible_to(actor, Action.EDIT_CASE, needs=frozenset({"contacts"}))
    found = set(reach.filter(pk__in=[c for c in case_ids if c]).values_list("pk", flat=True))
    if found != case_ids:
        raise PermissionDenied("支援記録を書けないケースが含まれています。")


def _save_all(model: type, objects: list) -> list:
    for obj in objects:
        check_instance(obj)
    return model.objects.bulk_create(objects)


def _persons(job: ImportJob, actor: User, chunk: list[RowPlan]) -> None:
    m = job.municipality_id
    persons = []
    for row in chunk:
        person = Person(municipality_id=m, created_by=actor, **(row.person or {}))
        person.derive_keys()
        persons.append(person)
    _save_all(Person, persons)
    # The search index is derived data, written as a save writes it (no audit entry of its own).
    insert_rows(PersonSearchEntry, [build_entry(p) for p in persons])
    with_case = [(row, p) for row, p in zip(chunk, persons, strict=True) if row.case]
    cases = _save_all(
        Case,
        [Case(municipality_id=m, person=p, created_by=actor, **row.case) for row, p in with_case],
    )
    case_of = {id(p): c for (_, p), c in zip(with_case, cases, strict=True)}
    _save_all(
        ImportedRow,
        [
            ImportedRow(
                municipality_id=m,
                mapping=job.mapping,
                key=row.key,
                job=job,
                object_type="people.person",
                object_id=p.pk,
                person=p,
                case=case_of.get(id(p)),
            )
            for row, p in zip(chunk, persons, strict=True)
        ],
    )


def _cases(job: ImportJob, actor: User, chunk: list[RowPlan]) -> None:
    m = job.municipality_id
    cases = _save_all(
        Case,
        [
            Case(municipality_id=m, person_id=row.person_id, created_by=actor, **(row.case or {}))
            for row in chunk
        ],
    )
    _save_all(
        ImportedRow,
        [
            ImportedRow(
                municipality_id=m,
                mapping=job.mapping,
                key=row.key,
                job=job,
                object_type="people.case",
                object_id=c.pk,
                person_id=row.person_id,
                case=c,
            )
            for row, c in zip(chunk, cases, strict=True)
        ],
    )


def _contacts(job: ImportJob, actor: User, chunk: list[RowPlan]) -> None:
    m = job.municipality_id
    contacts = _save_all(
        Contact,
        [
            Contact(municipality_id=m, case_id=row.case_id, created_by=actor, **(row.contact or {}))
            for row in chunk
        ],
    )
    _save_all(
        ContactStaff, [ContactStaff(municipality_id=m, contact=c, user=actor) for c in contacts]
    )
    _save_all(
        ContactNote,
        [
            ContactNote(municipality_id=m, contact=c, source=source, text=text, order=order)
            for row, c in zip(chunk, contacts, strict=True)
            for order, source, text in row.notes
        ],
    )
    _save_all(
        ImportedRow,
        [
            ImportedRow(
                municipality_id=m,
                mapping=job.mapping,
                key=row.key,
                job=job,
                object_type="contacts.contact",
                object_id=c.pk,
                person_id=row.person_id,
                case_id=row.case_id,
            )
            for row, c in zip(chunk, contacts, strict=True)
        ],
    )
