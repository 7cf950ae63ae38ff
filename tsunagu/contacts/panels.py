"""What the contact log adds to the case page (tsunagu.people.panels / people.timeline): the
contacts and outreach visits of the timeline, and the open next action of the summary header.

Everything is read through the scoping (``visible_to``): a grantee whose grant does not cover
contacts sees neither contacts, visits nor next actions.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.accounts.models import unnamed_user_fields
from tsunagu.accounts.permissions import Action
from tsunagu.core.fixed_query import FixedQuery
from tsunagu.tenancy.access import fetch_in_scope

from .models import Contact, OutreachVisit


def _case_contacts(user: Any, case: Any) -> QuerySet:
    return Contact.objects.visible_to(user, Action.VIEW_CASE).filter(case_id=case.pk)


def contact_rows(user: Any, case: Any) -> QuerySet:
    return (
        _case_contacts(user, case)
        .select_related("visit", "created_by")
        .defer(*unnamed_user_fields("created_by"))
    )


def visit_rows(user: Any, case: Any) -> QuerySet:
    return OutreachVisit.objects.visible_to(user, Action.VIEW_CASE).filter(case_id=case.pk)


def _next_action(user: Any, case_id: int) -> QuerySet:
    open_action = Q(next_action_due__isnull=False) | ~Q(next_action="")
    return (
        Contact.objects.visible_to(user, Action.VIEW_CASE)
        .filter(open_action, case_id=case_id, next_action_done=False)
        .order_by(F("next_action_due").asc(nulls_last=True), "-occurred_at", "-pk")[:1]
    )  # the header shows the contact's own fields only


_NEXT_ACTION = FixedQuery(_next_action, case_id=int)  # on every case page


def next_action_facts(request: HttpRequest, case: Any) -> dict[str, Any]:
    """The open next action due first (undated ones last) and whether it is overdue."""
    rows = fetch_in_scope(_NEXT_ACTION, request.user, case_id=case.pk)
    contact = rows[0] if rows else None
    if contact is None:
        return {}
    due = contact.next_action_due
    return {"next_action": contact, "next_action_overdue": bool(due and due < timezone.localdate())}


def register() -> None:
    from tsunagu.people.panels import register_case_summary
    from tsunagu.people.timeline import register_timeline_source

    register_timeline_source(
        "contact",
        _("支援記録"),
        "contacts/timeline/_contact.html",
        contact_rows,
        time_field="occurred_at",
        order=20,
    )
    register_timeline_source(
        "visit",
        _("訪問計画"),
        "contacts/timeline/_visit.html",
        visit_rows,
        time_field="planned_for",
        order=30,
    )
    register_case_summary("contacts", next_action_facts)
