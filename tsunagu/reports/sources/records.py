"""Row sources of casework: contacts, referrals, closures, meetings and meeting items, one row
per counted unit."""

from __future__ import annotations

from django.db.models import Case, F, QuerySet, Value, When
from django.db.models.functions import Coalesce

from tsunagu.contacts.models import Contact
from tsunagu.meetings.models import AgendaItem, Meeting
from tsunagu.people.models import Case as CaseModel
from tsunagu.referrals.models import Referral

from ..categories import DEFAULT_BY_ORG_TYPE
from ..periods import Period
from .sql import REASON, Agg, Result, Scope, in_scope, rows_source


def contacts_in_period(scope: Scope, period: Period) -> QuerySet:
    return in_scope(
        Contact.objects.unscoped(REASON).filter(
            occurred_at__gte=period.start_at, occurred_at__lt=period.end_at
        ),
        scope,
        "case__window_id",
    )


def contacts(scope: Scope, period: Period, aggs: list[Agg]) -> Result:
    qs = contacts_in_period(scope, period).values(
        "channel", "reached", "occurred_at", muni=F("municipality_id")
    )
    return rows_source(qs, aggs, period, "occurred_at", {})


def referrals(scope: Scope, period: Period, aggs: list[Agg]) -> Result:
    by_type = [
        When(organization__org_type=t, then=Value(code)) for t, code in DEFAULT_BY_ORG_TYPE.items()
    ]
    qs = (
        in_scope(
            Referral.objects.unscoped(REASON).filter(
                sent_at__gte=period.start_at, sent_at__lt=period.end_at
            ),
            scope,
            "case__window_id",
        )
        .annotate(
            category=Coalesce(
                F("organization__report_category__category"),
                Case(*by_type, default=Value("other")),
            )
        )
        .values("status", "sent_at", "category", muni=F("municipality_id"))
    )
    return rows_source(qs, aggs, period, "sent_at", {})


def closures(scope: Scope, period: Period, aggs: list[Agg]) -> Result:
    qs = in_scope(
        CaseModel.objects.unscoped(REASON).filter(
            status=CaseModel.Status.CLOSED, closed_on__gte=period.start, closed_on__lte=period.end
        ),
        scope,
        "window_id",
    ).values("closure_reason", "closed_on", muni=F("municipality_id"))
    return rows_source(qs, aggs, period, "closed_on", {})


def meetings(scope: Scope, period: Period, aggs: list[Agg]) -> Result:
    qs = in_scope(
        Meeting.objects.unscoped(REASON).filter(
            starts_at__gte=period.start_at, starts_at__lt=period.end_at
        ),
        scope,
        "window_id",
    ).values("kind", "starts_at", muni=F("municipality_id"))
    return rows_source(qs, aggs, period, "starts_at", {})


def meeting_items(scope: Scope, period: Period, aggs: list[Agg]) -> Result:
    qs = in_scope(
        AgendaItem.objects.unscoped(REASON).filter(
            case__isnull=False,
            meeting__starts_at__gte=period.start_at,
            meeting__starts_at__lt=period.end_at,
        ),
        scope,
        "meeting__window_id",
    ).values(kind=F("meeting__kind"), t=F("meeting__starts_at"), muni=F("municipality_id"))
    return rows_source(qs, aggs, period, "t", {})
