"""The worker dashboard's sections: each a fixed number of queries, whatever the rows.

Everything is read through the scoping mechanism (`visible_to`); the handoff and concern-report
sections come from their own apps.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, can, memberships_for
from tsunagu.assessments.versioning import SENSITIVE
from tsunagu.concerns.services import reports_to_triage
from tsunagu.contacts.models import Contact, OutreachVisit
from tsunagu.jp.wareki import format_wareki
from tsunagu.meetings.outcomes import open_action_items
from tsunagu.people.handoff import pending_handoffs_for
from tsunagu.people.models import AccessGrant, Case
from tsunagu.people.queue import may_see_queue, unassigned_cases
from tsunagu.plans.models import SupportPlan
from tsunagu.referrals.queries import ANSWER_WITHIN_DAYS, overdue_referrals, waiting_for_answer
from tsunagu.tenancy.scoping import scope_subquery

LIMIT = 10
REVIEW_SOON_DAYS = 14  # a support plan shows on the dashboard two weeks before its review date


@dataclass
class Section:
    key: str
    title: str
    count: int
    items: list[Any] = field(default_factory=list)
    list_url: str = ""

    @property
    def more(self) -> int:
        return max(0, self.count - len(self.items))


def my_cases(user: User) -> QuerySet[Case]:
    """Open cases where I am the lead worker or that an active grant gives to me."""
    granted = AccessGrant.objects.visible_to(user, Action.VIEW_CASE).filter(
        AccessGrant.active_q(), user=user
    )
    return (
        Case.objects.visible_to(user, Action.VIEW_CASE)
        .filter(Q(lead_worker=user) | Q(pk__in=granted.values("case_id")))
        .exclude(status=Case.Status.CLOSED)
    )


def overdue_next_actions(user: User, today: datetime.date | None = None) -> QuerySet[Contact]:
    today = today or timezone.localdate()
    return Contact.objects.visible_to(user, Action.VIEW_CASE).filter(
        case__in=my_cases(user).values("pk"),
        next_action_done=False,
        next_action_due__lt=today,
    )


def plans_to_review(user: User, today: datetime.date | None = None) -> QuerySet[SupportPlan]:
    """The newest plan of each open case that I lead, that a grant gives to me or that belongs
    to my window, whose review date (a local date) is past or within REVIEW_SOON_DAYS."""
    today = today or timezone.localdate()
    windows = [m.window_id for m in memberships_for(user, action=Action.VIEW_SUPPORT_PLAN)]
    granted = AccessGrant.objects.visible_to(user, Action.VIEW_CASE).filter(
        AccessGrant.active_q(), user=user
    )
    cases = (
        Case.objects.visible_to(user, Action.VIEW_CASE)
        .filter(
            Q(lead_worker=user)
            | Q(pk__in=granted.values("case_id"))
            | Q(window_id__in=[w for w in windows if w])
        )
        .exclude(status=Case.Status.CLOSED)
    )
    newer = scope_subquery(
        SupportPlan, Q(case_id=OuterRef("case_id"), number__gt=OuterRef("number"))
    )
    return (
        SupportPlan.objects.visible_to(user, Action.VIEW_SUPPORT_PLAN, needs=SENSITIVE)
        .filter(
            case__in=cases.values("pk"), review_on__lte=today + datetime.timedelta(REVIEW_SOON_DAYS)
        )
        .exclude(Exists(newer))
    )


def week_bounds(today: datetime.date | None = None) -> tuple[datetime.datetime, datetime.datetime]:
    """Monday 00:00 to next Monday 00:00 of this week, Asia/Tokyo."""
    today = today or timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min))
    return start, start + datetime.timedelta(days=7)


def visits_this_week(user: User, today: datetime.date | None = None) -> QuerySet[OutreachVisit]:
    start, end = week_bounds(today)
    return OutreachVisit.objects.visible_to(user, Action.VIEW_CASE).filter(
        status=OutreachVisit.Status.PLANNED,
        planned_for__gte=start,
        planned_for__lt=end,
        staff=user,
    )


def _linked(items: list[Any], url_name: str) -> list[dict[str, Any]]:
    """Items of another app as {"label", "url", "urgent"} (their answer/triage page)."""
    linked = []
    for item in items:
        case_id = getattr(item, "case_id", None)
        label = str(item)
        if case_id:
            label += str(_("（ケース #%(id)s）") % {"id": case_id})
        linked.append(
            {
                "label": label,
                "url": reverse(url_name, args=[item.pk]),
                "urgent": bool(getattr(item, "is_urgent", False)),
            }
        )
    return linked


def _referral_items(referrals: list[Any]) -> list[dict[str, Any]]:
    """Referrals as linked items: organisation, case and the local date sent (no personal data)."""
    return [
        {
            "label": str(
                _("%(org)s（ケース #%(case)s、%(day)s 送付）")
                % {
                    "org": r.organization.name,
                    "case": r.case_id,
                    "day": format_wareki(timezone.localdate(r.sent_at)),
                }
            ),
            "url": reverse("referral-detail", args=[r.pk]),
            "urgent": False,
        }
        for r in referrals
    ]


def referral_sections(user: User, today: datetime.date) -> list[Section]:
    """The sender's overdue referrals; the receiver's referrals waiting for an answer. One
    query each, only for the roles concerned (the lists are a person's own: short)."""
    sections = []
    if can(user, Action.REFER_CASE):
        late = list(overdue_referrals(user, today))
        sections.append(
            Section(
                "referrals_overdue",
                str(
                    _("回答のないおつなぎ（%(days)s日を過ぎたもの）") % {"days": ANSWER_WITHIN_DAYS}
                ),
                len(late),
                _referral_items(late[:LIMIT]),
            )
        )
    if can(user, Action.ANSWER_REFERRAL):
        waiting = list(waiting_for_answer(user))
        sections.append(
            Section(
                "referrals_waiting",
                str(_("回答待ちの届いたおつなぎ")),
                len(waiting),
                _referral_items(waiting[:LIMIT]),
                list_url=reverse("referral-inbox"),
            )
        )
    return sections


def meeting_action_section(user: User, today: datetime.date) -> Section:
    """My open action items from support meetings, due first; overdue ones marked (computed
    here from the local date: no background job is needed for the dashboard)."""
    actions = open_action_items(user)
    items = [
        {
            "label": (str(_("【期限超過】")) if a.is_overdue(today) else "")
            + str(_("期限 %(due)s：%(title)s（%(meeting)s）"))
            % {
                "due": format_wareki(a.due_on),
                "title": a.title,
                "meeting": a.item.meeting.title,
            },
            # the list, not the agenda item: the item closes with the meeting's access window
            "url": reverse("action-item-list"),
            "urgent": False,
        }
        for a in actions[:LIMIT]
    ]
    return Section(
        "action_items",
        str(_("会議のアクションアイテム")),
        actions.count(),
        items,
        list_url=reverse("action-item-list"),
    )


def dashboard_sections(user: User, today: datetime.date | None = None) -> list[Section]:
    today = today or timezone.localdate()
    cases = my_cases(user).select_related("person", "window").order_by("-updated_at")
    overdue = overdue_next_actions(user, today).select_related("case", "case__person")
    visits = list(
        visits_this_week(user, today)
        .select_related("case", "case__person")
        .prefetch_related("staff")
        .order_by("planned_for", "pk")
    )
    reviews = plans_to_review(user, today).select_related("case", "case__person")
    handoffs = list(pending_handoffs_for(user))
    reports = list(reports_to_triage(user))
    sections = [
        Section("cases", str(_("担当ケース")), cases.count(), list(cases[:LIMIT])),
        Section(
            "overdue",
            str(_("期限を過ぎた次回の対応")),
            overdue.count(),
            list(overdue.order_by("next_action_due", "pk")[:LIMIT]),
        ),
        Section("visits", str(_("今週の訪問予定")), len(visits), visits),
        Section(
            "plan_reviews",
            str(_("見直しの時期が来た支援計画")),
            reviews.count(),
            list(reviews.order_by("review_on", "pk")[:LIMIT]),
        ),
        Section(
            "handoffs",
            str(_("受諾待ちの引き継ぎ")),
            len(handoffs),
            _linked(handoffs[:LIMIT], "handoff-answer"),
            list_url=reverse("handoff-inbox"),
        ),
        Section(
            "concerns",
            str(_("振り分け待ちの気になる方の連絡")),
            len(reports),
            _linked(reports[:LIMIT], "concern-triage"),
            list_url=reverse("concern-list"),
        ),
    ]
    sections += referral_sections(user, today)
    sections.append(meeting_action_section(user, today))
    if may_see_queue(user):
        waiting = unassigned_cases(user).order_by("opened_on", "pk")
        sections.append(
            Section(
                "unassigned",
                str(_("未割当のケース（主担当の決まっていないケース）")),
                waiting.count(),
                _linked(list(waiting[:LIMIT]), "case-detail"),
                list_url=reverse("case-unassigned"),
            )
        )
    return sections
