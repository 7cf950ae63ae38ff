"""Access helpers of the contact log: fetch through the scoping, check, audit."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action
from tsunagu.people.models import Case
from tsunagu.people.visibility import field_policy
from tsunagu.tenancy.access import fetch_for_user

from .models import Contact, ContactNote, OutreachVisit


def contacts_of_case(user: User, case: Case, *, with_notes: bool = True) -> QuerySet[Contact]:
    """The case's contacts, newest first, with staff (and, with_notes, the note parts when the
    user may read S-class fields of this case: a page that does not show them should not load
    要配慮 text at all)."""
    qs = (
        Contact.objects.visible_to(user, Action.VIEW_CASE)
        .filter(case=case)
        .select_related("visit")
        .prefetch_related("staff")
        .order_by("-occurred_at", "-pk")
    )
    if with_notes and field_policy(user).reads_sensitive(case):
        notes = ContactNote.objects.visible_to(user, Action.VIEW_CASE).order_by("order", "pk")
        qs = qs.prefetch_related(Prefetch("notes", queryset=notes))
    return qs


def visits_of_case(user: User, case: Case, status: str | None = None) -> QuerySet[OutreachVisit]:
    qs = (
        OutreachVisit.objects.visible_to(user, Action.VIEW_CASE)
        .filter(case=case)
        .prefetch_related("staff")
        .order_by("planned_for", "pk")
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def get_contact_for_user(user: User, contact_id: int) -> Contact:
    return fetch_for_user(
        user,
        Action.VIEW_CASE,
        Contact,
        contact_id,
        related=["case", "case__person", "created_by"],
        prefetch=["staff"],
    )


def get_visit_for_user(user: User, visit_id: int) -> OutreachVisit:
    return fetch_for_user(
        user,
        Action.VIEW_CASE,
        OutreachVisit,
        visit_id,
        related=["case", "case__person"],
        prefetch=["staff"],
    )
