"""おつなぎ, the reading side: the case's referrals, the receiver's inbox, the overdue ones on the
sender's dashboard and a referral's events, each through the scoped `visible_to` mechanism.
"""

from __future__ import annotations

import datetime

from django.db.models import Case as SqlCase
from django.db.models import IntegerField, QuerySet, Value, When
from django.utils import timezone

from tsunagu.accounts.models import User, unnamed_user_fields
from tsunagu.accounts.permissions import (
    Action,
    memberships_for,
)
from tsunagu.people.models import Case

from .models import OPEN, Referral, ReferralEvent, Status

# A referral still 「送付」 this many days after it was sent shows as overdue on the sender's
# dashboard. Why 14: partner agencies in the seed municipalities decide on new cases in a weekly
# intake meeting (受理会議); two weeks leaves one full cycle and a reply, and no longer.
ANSWER_WITHIN_DAYS = 14


_RELATED = ("organization", "sent_by", "grant", "disclosure", "case__window")
_UNNAMED = (*unnamed_user_fields("sent_by"),)


def _open_first(qs: QuerySet[Referral]) -> QuerySet[Referral]:
    return qs.annotate(
        open_rank=SqlCase(
            When(status__in=OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("open_rank", "-sent_at", "-pk")


def referrals_of_case(user: User, case: Case) -> QuerySet[Referral]:
    """The case's referrals this user sees, open ones first, newest first."""
    return _open_first(
        Referral.objects.visible_to(user, Action.VIEW_CASE)
        .filter(case=case)
        .select_related(*_RELATED)
        .defer(*_UNNAMED)
    )


def received_referrals(user: User, status: str | None = None) -> QuerySet[Referral]:
    """Referrals sent to the user's organisations (the receiver's inbox), open ones first."""
    own_orgs = [
        m.organization_id
        for m in memberships_for(user, action=Action.ANSWER_REFERRAL)
        if m.organization_id
    ]
    qs = (
        Referral.objects.visible_to(user, Action.ANSWER_REFERRAL)
        .filter(organization_id__in=own_orgs)
        .select_related(*_RELATED)
        .defer(*_UNNAMED)
    )
    if status:
        qs = qs.filter(status=status)
    return _open_first(qs)


def waiting_for_answer(user: User) -> QuerySet[Referral]:
    """Referrals to the user's organisations still 「送付」 (the receiver's dashboard)."""
    return received_referrals(user, Status.SENT)


def overdue_cutoff(today: datetime.date | None = None) -> datetime.datetime:
    """Sent before this moment and still unanswered = overdue (local days)."""
    today = today or timezone.localdate()
    day = today - datetime.timedelta(days=ANSWER_WITHIN_DAYS)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def overdue_referrals(user: User, today: datetime.date | None = None) -> QuerySet[Referral]:
    """The user's own referrals not answered within ANSWER_WITHIN_DAYS, oldest first."""
    return (
        Referral.objects.visible_to(user, Action.VIEW_CASE)
        .filter(sent_by=user, status=Status.SENT, sent_at__lt=overdue_cutoff(today))
        .select_related("organization")
        .order_by("sent_at", "pk")
    )


def events_of(user: User, referral: Referral) -> list[ReferralEvent]:
    return list(
        ReferralEvent.objects.visible_to(user, Action.VIEW_CASE)
        .filter(referral=referral)
        .select_related("actor")
        .defer(*unnamed_user_fields("actor"))
        .order_by("at", "pk")
    )
