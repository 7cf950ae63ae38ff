"""Row sources of programmes: sessions held, attendances and distinct participants."""

from __future__ import annotations

from django.db.models import F, QuerySet

from ..periods import Period
from .sql import REASON, Agg, Result, Scope, in_scope, rows_source


def _sessions_held(scope: Scope, period: Period) -> QuerySet:
    """Sessions held in the period: not cancelled and already begun."""
    from django.utils import timezone

    from tsunagu.programmes.models import Session, SessionStatus

    until = min(period.end_at, timezone.now())
    return in_scope(
        Session.objects.filter(starts_at__gte=period.start_at, starts_at__lt=until).exclude(
            status=SessionStatus.CANCELLED
        ),
        scope,
        "programme__window_id",
    )


def sessions(scope: Scope, period: Period, aggs: list[Agg]) -> Result:
    qs = _sessions_held(scope, period).values(
        "starts_at",
        "visitor_count",
        "anonymous_count",
        kind=F("programme__kind"),
        muni=F("municipality_id"),
    )
    return rows_source(qs, aggs, period, "starts_at", {})


def _attendances(scope: Scope, period: Period) -> QuerySet:
    from tsunagu.programmes.models import Attendance

    held = _sessions_held(scope, period).values("pk")
    return Attendance.objects.unscoped(REASON).filter(
        municipality_id__in=scope.municipality_ids, present=True, session__in=held
    )


def attendances(scope: Scope, period: Period, aggs: list[Agg]) -> Result:
    qs = _attendances(scope, period).values(
        a_kind=F("kind"),
        t=F("session__starts_at"),
        p_kind=F("programme__kind"),
        muni=F("municipality_id"),
    )
    return rows_source(qs, aggs, period, "t", {"kind": "p_kind"})


def participants(scope: Scope, period: Period, aggs: list[Agg]) -> Result:
    """Distinct participants who attended at least once (実参加者数): one row each."""
    from tsunagu.programmes.models import Attendance

    qs = (
        _attendances(scope, period)
        .filter(kind=Attendance.Kind.MEMBER, participant__isnull=False)
        .values("participant_id", p_kind=F("programme__kind"), muni=F("municipality_id"))
        .order_by()  # the model's ordering would make every attendance distinct
        .distinct()
    )
    return rows_source(qs, aggs, period, "", {"kind": "p_kind"})
