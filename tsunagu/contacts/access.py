"""Access helpers of the contact log: fetch through the scoping, check, audit."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, readable_classes, require
from tsunagu.audit.log import record_view
from tsunagu.people.models import Case

from .models import Contact, ContactNote, OutreachVisit


def may_read_sensitive(user: User, municipality_id: int) -> bool:
    """May this user read S (要配慮) fields in this municipality (関係機関担当 may not)?"""
    return "S" in readable_classes(user, municipality_id)


def contacts_of_case(user: User, case: Case, *, with_notes: bool = True) -> QuerySet[Contact]:
    """The case's contacts, newest first, with staff (and, with_notes, the note parts when the
    user may read S: a page that does not show them should not load 要配慮 text at all)."""
    qs = (
        Contact.objects.visible_to(user)
        .filter(case=case)
        .select_related("visit")
        .prefetch_related("staff")
        .order_by("-occurred_at", "-pk")
    )
    if with_notes and may_read_sensitive(user, case.municipality_id):
        notes = ContactNote.objects.visible_to(user).order_by("order", "pk")
        qs = qs.prefetch_related(Prefetch("notes", queryset=notes))
    return qs


def visits_of_case(user: User, case: Case, status: str | None = None) -> QuerySet[OutreachVisit]:
    qs = (
        OutreachVisit.objects.visible_to(user)
        .filter(case=case)
        .prefetch_related("staff")
        .order_by("planned_for", "pk")
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def get_contact_for_user(user: User, contact_id: int) -> Contact:
    contact = (
        Contact.objects.visible_to(user)
        .select_related("case", "case__person", "created_by")
        .prefetch_related("staff")
        .filter(pk=contact_id)
        .first()
    )
    if contact is None:
        raise Http404
    require(user, Action.VIEW_CASE, contact.municipality_id)
    record_view(contact)
    return contact


def get_visit_for_user(user: User, visit_id: int) -> OutreachVisit:
    visit = (
        OutreachVisit.objects.visible_to(user)
        .select_related("case", "case__person")
        .prefetch_related("staff")
        .filter(pk=visit_id)
        .first()
    )
    if visit is None:
        raise Http404
    require(user, Action.VIEW_CASE, visit.municipality_id)
    record_view(visit)
    return visit
