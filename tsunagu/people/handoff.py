"""Handoff (引き継ぎ, the 日野 model): the first window hands a case to a contracted counsellor, an
organisation or another window; the receiver accepts or declines with a reason.

Representation:

- a handoff is a `CaseAccess(kind=handoff)`: `user` for a counsellor, `organization` for an
  organisation, and neither for another window; `reason` holds the handover note. An offer to a
  user or organisation carries an AccessGrant (people.grants) that starts on acceptance, ends on
  a decline, and is ended on the case page: access comes only from the grant;
- every transition is a `routing.HandoffEvent` (offered / accepted / declined / ended) with the
  actor and, for a decline, the reason; the offered event of a window handoff names the target
  window (`to_window`). On acceptance of a window handoff the case's window changes to it;
- nothing is deleted; every write is audited by the signals of TenantOwned models.

Only an *accepted* handoff's grant gives access (`Case.scope_q`); a pending or declined one
gives nothing. The receiver sees a pending handoff in their inbox (case number, window and the
handover note) without read access to the case. Only staff who reach the case by their own role
hand it off (HAND_OFF, `grants.check_may_grant`; reception holds it for its window's cases):
a grantee cannot pass the case on.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.accounts.models import Membership, User, unnamed_user_fields
from tsunagu.accounts.permissions import (
    Action,
    can,
    membership_allows,
    memberships_for,
    require,
    users_who_may,
)
from tsunagu.accounts.roles import Role
from tsunagu.audit.log import record_denied
from tsunagu.core.fixed_query import FixedQuery
from tsunagu.routing.models import HandoffEvent
from tsunagu.tenancy.access import fetch_in_scope
from tsunagu.tenancy.models import Organization, Window, unnamed_window_fields
from tsunagu.tenancy.scoping import NOTHING

from . import grants
from .models import AccessGrant, Case, CaseAccess

# Individual receivers of a handoff.
RECEIVER_ROLES = (Role.CONTRACTED_COUNSELLOR, Role.COUNSELLOR)


def receiver_candidates(case: Case) -> QuerySet[User]:
    """Staff of the case's municipality a case can be handed to (委託相談員 and 相談員)."""
    return users_who_may(Action.ACCEPT_HANDOFF, case.municipality_id, roles=RECEIVER_ROLES)


def check_may_hand_off(actor: User, case: Case) -> None:
    """HAND_OFF, and the case reached by the actor's own role (not through a grant)."""
    grants.check_may_grant(actor, case, Action.HAND_OFF)


def may_hand_off(user: User, case: Case) -> bool:
    return can(user, Action.HAND_OFF, case.municipality_id) and grants.reaches_without_grant(
        user, case, Action.HAND_OFF
    )


def _event(access: CaseAccess, event: str, actor: User, note: str = "", **extra) -> HandoffEvent:
    return HandoffEvent.objects.create(
        municipality_id=access.municipality_id,
        access_id=access.pk,
        case_id=access.case_id,
        event=event,
        actor=actor,
        note=note,
        **extra,
    )


@transaction.atomic
def hand_off(
    actor: User,
    case: Case,
    *,
    to_user: User | None = None,
    to_organization: Organization | None = None,
    to_window: Window | None = None,
    note: str,
    covers: dict[str, bool] | None = None,
    ends_at: datetime.datetime | None = None,
) -> CaseAccess:
    """Offer the case to one receiver. Returns the pending CaseAccess. An offer to a user or
    organisation carries the grant it will start (`covers`: covers_contacts, covers_intake,
    covers_sensitive; `ends_at`: an optional end of the access)."""
    check_may_hand_off(actor, case)
    targets = [t for t in (to_user, to_organization, to_window) if t is not None]
    if len(targets) != 1:
        raise ValidationError({"target": _("引き継ぎ先を1つ選んでください。")})
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("申し送り事項を入力してください。")})
    handoffs = CaseAccess.objects.in_municipality(case.municipality_id).filter(
        case=case, kind=CaseAccess.Kind.HANDOFF
    )
    if to_user is not None:
        if not receiver_candidates(case).filter(pk=to_user.pk).exists():
            raise ValidationError(
                {"target": _("引き継ぎ先は、この自治体の委託相談員または相談員を選んでください。")}
            )
        if to_user.pk == actor.pk:
            raise ValidationError({"target": _("自分自身には引き継げません。")})
        same = Q(user=to_user)
    elif to_organization is not None:
        if to_organization.municipality_id != case.municipality_id:
            raise ValidationError(
                {"target": _("引き継ぎ先の機関は同じ自治体のものを選んでください。")}
            )
        same = Q(organization=to_organization, user__isnull=True)
    else:
        if to_window.municipality_id != case.municipality_id:
            raise ValidationError(
                {"target": _("引き継ぎ先の窓口は同じ自治体のものを選んでください。")}
            )
        if to_window.pk == case.window_id:
            raise ValidationError({"target": _("現在の担当窓口とは別の窓口を選んでください。")})
        same = Q(pk__in=_window_offers(case.municipality_id, to_window.pk))
    if handoffs.filter(same, status=CaseAccess.Status.PENDING).exists():
        raise ValidationError({"target": _("同じ引き継ぎ先への受諾待ちの引き継ぎがあります。")})
    if (to_user or to_organization) and handoffs.filter(
        same, status=CaseAccess.Status.ACCEPTED
    ).exists():
        raise ValidationError({"target": _("このケースはすでにこの引き継ぎ先が受諾しています。")})
    grant = None
    if to_user is not None or to_organization is not None:
        grant = grants.grant_access(
            actor,
            case,
            user=to_user,
            organization=to_organization,
            source=AccessGrant.Source.HANDOFF,
            ends_at=ends_at,
            reason=note,
            offer=True,
            **(covers or {}),
        )
    access = CaseAccess.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        kind=CaseAccess.Kind.HANDOFF,
        user=to_user,
        organization=to_organization,
        status=CaseAccess.Status.PENDING,
        reason=note,
        created_by=actor,
        grant=grant,
    )
    _event(access, HandoffEvent.Event.OFFERED, actor, to_window=to_window)
    return access


def _window_offers(municipality_id: int, window_id: int):
    """Ids of the accesses offered to a window (a subquery)."""
    return (
        HandoffEvent.objects.in_municipality(municipality_id)
        .filter(event=HandoffEvent.Event.OFFERED, to_window_id=window_id)
        .values("access_id")
    )


def _receiver_q(user: User, membership: Membership) -> Q:
    """Pending handoffs this membership receives (one municipality)."""
    if not membership_allows(membership, Action.ACCEPT_HANDOFF):
        return NOTHING
    part = Q(user=user)
    if membership.organization_id:
        part |= Q(user__isnull=True, organization_id=membership.organization_id)
    if membership.window_id and membership.role in RECEIVER_ROLES:
        part |= Q(
            user__isnull=True,
            organization__isnull=True,
            pk__in=_window_offers(membership.municipality_id, membership.window_id),
        )
    return part & Q(municipality_id=membership.municipality_id)


def pending_handoffs_for(user: User) -> QuerySet[CaseAccess]:
    """Handoffs awaiting this user's answer (the inbox, and the dashboard's 「受諾待ち」),
    oldest first. Built per membership like `visible_to`, so only the receiver's own."""
    condition = NOTHING
    for membership in memberships_for(user):
        condition |= _receiver_q(user, membership)
    return (
        CaseAccess.objects.unscoped("引き継ぎの受諾待ち: filtered to the receiver per membership")
        .filter(condition, kind=CaseAccess.Kind.HANDOFF, status=CaseAccess.Status.PENDING)
        .select_related("case__window", "created_by", "organization", "user")
        .order_by("created_at", "pk")
    )


def get_pending_handoff_for_user(user: User, access_id: int) -> CaseAccess:
    access = pending_handoffs_for(user).filter(pk=access_id).first()
    if access is None:
        record_denied(CaseAccess, access_id)
        raise Http404
    return access


def _lock_pending(actor: User, access: CaseAccess) -> CaseAccess:
    require(actor, Action.ACCEPT_HANDOFF, access.municipality_id)
    locked = pending_handoffs_for(actor).select_for_update(of=("self",)).filter(pk=access.pk)
    fresh = locked.first()
    if fresh is None:
        answered = (
            CaseAccess.objects.in_municipality(access.municipality_id)
            .filter(pk=access.pk)
            .exclude(status=CaseAccess.Status.PENDING)
            .exists()
        )
        if answered:
            raise ValidationError(_("この引き継ぎにはすでに回答しています。"))
        raise PermissionDenied(_("この引き継ぎに回答できるのは引き継ぎ先の職員だけです。"))
    return fresh


def _target_window(access: CaseAccess) -> Window | None:
    offer = (
        HandoffEvent.objects.in_municipality(access.municipality_id)
        .filter(access_id=access.pk, event=HandoffEvent.Event.OFFERED)
        .select_related("to_window")
        .first()
    )
    return offer.to_window if offer else None


@transaction.atomic
def accept(actor: User, access: CaseAccess) -> CaseAccess:
    """The receiver accepts: a user or organisation gains access to the case; a window
    becomes the case's window."""
    access = _lock_pending(actor, access)
    access.status = CaseAccess.Status.ACCEPTED
    access.answered_at = timezone.now()
    access.save()
    if access.grant_id is not None:
        grants.start_grant(access.grant)
    window = None
    if access.user_id is None and access.organization_id is None:
        window = _target_window(access)
        if window is not None:
            case = access.case
            case.window = window
            case.save()
    _event(access, HandoffEvent.Event.ACCEPTED, actor, to_window=window)
    return access


@transaction.atomic
def decline(actor: User, access: CaseAccess, reason: str) -> CaseAccess:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("辞退する理由を入力してください。")})
    access = _lock_pending(actor, access)
    access.status = CaseAccess.Status.DECLINED
    access.answered_at = timezone.now()
    access.save()
    if access.grant_id is not None:
        grants.refuse_grant(actor, access.grant, reason)
    _event(access, HandoffEvent.Event.DECLINED, actor, note=reason)
    return access


def _case_handoffs(user: User, case_id: int) -> QuerySet:
    return (
        CaseAccess.objects.visible_to(user, Action.VIEW_CASE)
        .filter(case_id=case_id, kind=CaseAccess.Kind.HANDOFF)
        .select_related("user", "organization", "created_by", "grant")
        .defer(*unnamed_user_fields("user", "created_by"))
        .order_by("-created_at", "-pk")
    )


_CASE_HANDOFFS = FixedQuery(_case_handoffs, case_id=int)  # on every case page


def handoffs_of(user: User, case: Case) -> list[CaseAccess]:
    """The case's handoffs this user may see, newest first, each with `.events` (its history)
    and `.target_window` (for a window handoff)."""
    accesses = fetch_in_scope(_CASE_HANDOFFS, user, case_id=case.pk)
    if not accesses:
        return []  # most cases: no second query to build
    events = (
        HandoffEvent.objects.in_municipality(case.municipality_id)
        .filter(access_id__in=[a.pk for a in accesses])
        .select_related("actor", "to_window")
        .defer(*unnamed_user_fields("actor"), *unnamed_window_fields("to_window"))
        .order_by("created_at", "pk")
    )
    by_access: dict[int, list[HandoffEvent]] = {}
    for event in events:
        by_access.setdefault(event.access_id, []).append(event)
    for access in accesses:
        access.events = by_access.get(access.pk, [])
        offers = [e for e in access.events if e.event == HandoffEvent.Event.OFFERED]
        access.target_window = offers[0].to_window if offers else None
    return accesses
