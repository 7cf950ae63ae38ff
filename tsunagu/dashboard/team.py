"""The supervisor's team view (チームの状況): what waits and what is late across the team.

Sections: unassigned cases, overdue next actions (also on cases without a lead), urgent intakes
not yet in someone's hands, handoffs waiting for an answer, cases without contact for the
municipality's number of days (ケースワーク設定), and open cases by engagement stage.

Everything is read with `visible_to(user, VIEW_TEAM)`: only the municipalities where the user
is a supervisor, whatever other roles they hold elsewhere. Every section is a fixed number of
queries (a count and at most LIMIT rows), whatever the rows. Dates are local (Asia/Tokyo).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, municipalities_where
from tsunagu.contacts.models import Contact
from tsunagu.intake.models import Intake
from tsunagu.people.casework_settings import settings_for
from tsunagu.people.models import Case, CaseAccess, EngagementStage
from tsunagu.people.queue import UNASSIGNED
from tsunagu.routing.models import HandoffEvent
from tsunagu.tenancy.scoping import NOTHING

from .services import Section

A = Action.VIEW_TEAM
LIMIT = 50
OPEN = ~Q(status=Case.Status.CLOSED)


@dataclass
class StageCount:
    stage: str
    label: str
    count: int
    url: str


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Local (Asia/Tokyo) midnight at the start of `day`."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _section(key: str, title: str, rows: QuerySet, list_url: str = "") -> Section:
    return Section(key, str(title), rows.count(), list(rows[:LIMIT]), list_url)


def unassigned(user: User) -> QuerySet[Case]:
    return (
        Case.objects.visible_to(user, A)
        .filter(UNASSIGNED)
        .select_related("person", "window")
        .order_by("opened_on", "pk")
    )


def overdue_next_actions(user: User, today: datetime.date) -> QuerySet[Contact]:
    """Open next actions due before today on the team's open cases, with or without a lead."""
    return (
        Contact.objects.visible_to(user, A)
        .filter(next_action_done=False, next_action_due__lt=today)
        .exclude(case__status=Case.Status.CLOSED)
        .select_related("case__person", "case__window", "case__lead_worker")
        .order_by("next_action_due", "pk")
    )


def urgent_intakes(user: User) -> QuerySet[Intake]:
    """Submitted intakes marked urgent (緊急度 高) or with a risk item, that nobody leads yet:
    no case, or a case without a lead (a closed case is handled)."""
    return (
        Intake.objects.visible_to(user, A)
        .filter(Q(urgency=Intake.Urgency.HIGH) | Q(has_risk=True), status=Intake.Status.SUBMITTED)
        .filter(Q(case__isnull=True) | Q(case__lead_worker__isnull=True))
        .exclude(case__status=Case.Status.CLOSED)
        .select_related("window", "case__person")
        .order_by("received_at", "pk")
    )


def waiting_handoffs(user: User) -> QuerySet[CaseAccess]:
    return (
        CaseAccess.objects.visible_to(user, A)
        .filter(kind=CaseAccess.Kind.HANDOFF, status=CaseAccess.Status.PENDING)
        .select_related("case__person", "case__window", "user", "organization", "created_by")
        .order_by("created_at", "pk")
    )


def without_contact(user: User, today: datetime.date) -> QuerySet[Case]:
    """Open cases whose last contact (or, without any, whose opening) is at least the
    municipality's `no_contact_days` local days ago; `last_contact_at` annotated."""
    ids = municipalities_where(user, A)
    condition = NOTHING
    for municipality_id, settings in settings_for(ids).items():
        cutoff = today - datetime.timedelta(days=settings.no_contact_days)
        condition |= Q(municipality_id=municipality_id) & (
            Q(last_contact_at__lt=start_of_day(cutoff + datetime.timedelta(days=1)))
            | Q(last_contact_at__isnull=True, opened_on__lte=cutoff)
        )
    last = (
        Contact.objects.visible_to(user, A)
        .filter(case=OuterRef("pk"))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    return (
        Case.objects.visible_to(user, A)
        .filter(OPEN)
        .annotate(last_contact_at=Subquery(last))
        .filter(condition)
        .select_related("person", "window", "lead_worker")
        .order_by(F("last_contact_at").asc(nulls_first=True), "opened_on", "pk")
    )


def stage_counts(user: User) -> list[StageCount]:
    """Open cases per engagement stage (every stage, zero included), each linked to the case
    list filtered to it."""
    counted = dict(
        Case.objects.visible_to(user, A)
        .filter(OPEN)
        .values_list("engagement_stage")
        .annotate(n=Count("pk"))
        .values_list("engagement_stage", "n")
    )
    base = reverse("case-list")
    return [
        StageCount(
            stage,
            str(label),
            counted.get(stage, 0),
            f"{base}?{urlencode({'stage': stage, 'open': 1})}",
        )
        for stage, label in EngagementStage.choices
    ]


def _annotate_days(today: datetime.date, sections: dict[str, Section]) -> None:
    """Days overdue, waiting and without contact, counted in local dates."""
    for contact in sections["overdue"].items:
        contact.days = (today - contact.next_action_due).days
    for access in sections["handoffs"].items:
        access.days = (today - timezone.localdate(access.created_at)).days
    for case in sections["no_contact"].items:
        since = timezone.localdate(case.last_contact_at) if case.last_contact_at else case.opened_on
        case.days = (today - since).days


def _target_windows(rows: list[CaseAccess], user: User) -> None:
    """`.target_window` of each waiting window handoff (the offered event names it): one query."""
    offers = {
        e.access_id: e.to_window
        for e in HandoffEvent.objects.visible_to(user, A)
        .filter(access_id__in=[a.pk for a in rows], event=HandoffEvent.Event.OFFERED)
        .select_related("to_window")
    }
    for access in rows:
        access.target_window = offers.get(access.pk)


def team_sections(user: User, today: datetime.date | None = None) -> dict[str, Section]:
    today = today or timezone.localdate()
    sections = [
        _section("unassigned", _("未割当のケース"), unassigned(user), reverse("case-unassigned")),
        _section("overdue", _("期限を過ぎた次回の対応"), overdue_next_actions(user, today)),
        _section("urgent", _("緊急・リスクありの受付（主担当未定）"), urgent_intakes(user)),
        _section("handoffs", _("受諾待ちの引き継ぎ"), waiting_handoffs(user)),
        _section("no_contact", _("接触のないケース"), without_contact(user, today)),
    ]
    by_key = {s.key: s for s in sections}
    _target_windows(by_key["handoffs"].items, user)
    _annotate_days(today, by_key)
    return by_key


def shown_cases(sections: dict[str, Section]) -> list[Case]:
    """Every case a row of the team view names (for the audit entry of the page)."""
    cases: dict[int, Case] = {}
    for case in sections["unassigned"].items + sections["no_contact"].items:
        cases.setdefault(case.pk, case)
    for row in sections["overdue"].items + sections["handoffs"].items:
        cases.setdefault(row.case.pk, row.case)
    for intake in sections["urgent"].items:
        if intake.case is not None:
            cases.setdefault(intake.case.pk, intake.case)
    return list(cases.values())
