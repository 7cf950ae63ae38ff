"""The unassigned queue (未割当のケース): an open case without a lead (主担当) waits at its window
until someone takes it (「担当する」), and the taker becomes its lead.

- the queue shows the cases a user reaches by their own role (their window's, or the whole
  municipality's for a supervisor), never the cases they reach through an access grant: a
  grantee works inside its grant and does not pick up the window's work;
- who may take is the rule TAKE_CASE in `tsunagu.accounts.permissions` (相談員, スーパーバイザー),
  on a case reached by that role: a counsellor takes their window's cases, not another
  window's; reception (受付担当) sees its window's queue and hands cases off (people.handoff);
- two staff pressing 「担当する」 at once: the row is locked and updated only while it still has
  no lead, so exactly one wins; the other is told the case was taken meanwhile.

The write is audited by the scoped queryset's update (one entry per row, with field names).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import (
    Action,
    can,
    membership_allows,
    memberships_for,
    record_scope,
)
from tsunagu.core.fixed_query import FixedQuery
from tsunagu.tenancy.access import fetch_in_scope
from tsunagu.tenancy.models import Window
from tsunagu.tenancy.scoping import NOTHING

from .grants import own_cases_q, reaches_without_grant
from .models import Case

# An open case without a lead.
UNASSIGNED = Q(lead_worker__isnull=True) & ~Q(status=Case.Status.CLOSED)
# The queue is for those who act on it: take a case, or hand it off.
QUEUE_ACTIONS = (Action.TAKE_CASE, Action.HAND_OFF)


def may_see_queue(user: User) -> bool:
    return any(can(user, action) for action in QUEUE_ACTIONS)


def queue_windows(user: User) -> list[Window]:
    """The windows whose queues the user sees: every window of a municipality they reach
    whole (a supervisor), else the window of each window-scoped role."""
    condition = NOTHING
    for membership in memberships_for(user):
        if not any(membership_allows(membership, action) for action in QUEUE_ACTIONS):
            continue
        level = record_scope(membership.role)
        if level == "municipality":
            condition |= Q(municipality_id=membership.municipality_id)
        elif level == "window" and membership.window_id:
            condition |= Q(pk=membership.window_id)
    return list(Window.objects.filter(condition).order_by("municipality_id", "pk"))


def unassigned_cases(user: User) -> QuerySet[Case]:
    """The user's unassigned queue: open cases without a lead at their window(s)."""
    return Case.objects.visible_to(user, Action.VIEW_CASE).filter(
        own_cases_q(user, QUEUE_ACTIONS), UNASSIGNED
    )


def takeable_cases(user: User) -> QuerySet[Case]:
    """The unassigned cases this user may take (the 「担当する」 button)."""
    return Case.objects.visible_to(user, Action.TAKE_CASE).filter(
        own_cases_q(user, (Action.TAKE_CASE,)), UNASSIGNED
    )


def _takeable(user: User, case_id: int) -> QuerySet[Case]:
    return takeable_cases(user).filter(pk=case_id).values_list("pk")[:1]


_TAKEABLE = FixedQuery(_takeable, case_id=int)  # on every case page without a lead


def may_take(user: User, case: Case) -> bool:
    if case.lead_worker_id is not None or case.status == Case.Status.CLOSED:
        return False
    return bool(fetch_in_scope(_TAKEABLE, user, case_id=case.pk))


@transaction.atomic
def take_case(actor: User, case: Case) -> Case:
    """Make the actor the lead of an unassigned case. PermissionDenied when the actor may not
    lead cases there; ValidationError when it has a lead (someone took it) or is closed."""
    if not can(actor, Action.TAKE_CASE, case.municipality_id) or not reaches_without_grant(
        actor, case, Action.TAKE_CASE
    ):
        raise PermissionDenied(
            _("このケースを担当できるのは、担当窓口の相談員とスーパーバイザーだけです。")
        )
    open_unassigned = takeable_cases(actor).filter(pk=case.pk)
    locked = open_unassigned.select_for_update(of=("self",)).first()
    # The update's condition repeats the check, so that also without row locks (SQLite) a
    # second taker updates nothing.
    taken = locked is not None and open_unassigned.update(
        lead_worker=actor, updated_at=timezone.now()
    )
    if not taken:
        current = Case.objects.in_municipality(case.municipality_id).filter(pk=case.pk)
        fresh = current.select_related("lead_worker").first()
        if fresh is not None and fresh.lead_worker_id is not None:
            raise ValidationError(
                _("このケースはすでに %(name)s さんが担当しています。")
                % {"name": fresh.lead_worker}
            )
        raise ValidationError(_("終結したケースは担当できません。"))
    case.lead_worker = actor
    return case
