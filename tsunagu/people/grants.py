"""Access grants (one case, one grantee, a coverage, a period): the write path and the checks.

- `grant_access` grants (or, with `offer=True`, offers: the grant starts when the receiver
  accepts — a handoff); `start_grant` / `refuse_grant` answer an offer;
- `end_grant` ends a grant with a reason: from that moment the grantee's reads answer 404;
- only a user who reaches the case by their own role (its window's staff, the supervisor)
  grants: directly with MANAGE_GRANTS, as the offer of a handoff with HAND_OFF (reception
  holds only the latter); a grantee acts inside its grants: it cannot pass the case on, and
  nothing widens a grant (a different coverage is a new grant);
- a grant is ended by the staff of the window that granted it or by a supervisor;
- a handoff or a direct grant reaches only the case's own team (`within_case_team`: the
  municipality's staff and its contracted organisations, 委託事業者). Information that leaves
  the team needs a recorded legal basis (issue 8 §2), so an agency or another organisation
  reaches a case only through a path that records one: おつなぎ (tsunagu.referrals, source
  REFERRAL) or a meeting (grant_meeting_access, whose caller records the disclosure).

Every row written here is audited by the TenantOwned signals.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tsunagu.accounts.models import User, unnamed_user_fields
from tsunagu.accounts.permissions import (
    Action,
    membership_allows,
    memberships_for,
    record_scope,
    require,
    users_who_may,
)
from tsunagu.accounts.roles import Role
from tsunagu.audit.log import record_denied
from tsunagu.core.fixed_query import FixedQuery
from tsunagu.routing.models import HandoffEvent
from tsunagu.tenancy.access import fetch_in_scope
from tsunagu.tenancy.models import Organization, unnamed_window_fields
from tsunagu.tenancy.scoping import NOTHING

from .models import AccessGrant, Case, CaseAccess

COVER_FIELDS = tuple(AccessGrant.COVERS.values())


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The end of a local (Asia/Tokyo) day: a grant "until 3月31日" lasts through that day."""
    next_day = day + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(next_day, datetime.time.min))


def own_cases_q(user: User, actions: tuple[str, ...], municipality_id: int | None = None) -> Q:
    """Cases the user reaches by their own role (no grant), where one of their roles may do one
    of `actions` (in one municipality, when given). NOTHING when there are none."""
    condition = NOTHING
    for membership in memberships_for(user, municipality_id):
        if not any(membership_allows(membership, action) for action in actions):
            continue
        part = Case.own_scope_q(record_scope(membership.role), user, membership)
        if part is not NOTHING:
            part &= Q(municipality_id=membership.municipality_id)
            condition = part if condition is NOTHING else condition | part
    return condition


def reaches_without_grant(user: User, case: Case, action: str = Action.MANAGE_GRANTS) -> bool:
    """Does the user reach this case by a role that may do `action`, without a grant?"""
    condition = own_cases_q(user, (action,), case.municipality_id)
    if condition is NOTHING:
        return False
    if condition == Q(municipality_id=case.municipality_id):
        return True  # the whole municipality: no query needed
    return Case.objects.in_municipality(case.municipality_id).filter(condition, pk=case.pk).exists()


def check_may_grant(actor: User, case: Case, action: str = Action.MANAGE_GRANTS) -> None:
    """Granting (MANAGE_GRANTS) and handing off (HAND_OFF): the action, and the case reached by
    the actor's own role."""
    require(actor, action, case.municipality_id)
    if not reaches_without_grant(actor, case, action):
        raise PermissionDenied(
            _("このケースのアクセス権を付与・引き継ぎできるのは、担当窓口の職員だけです。")
        )


def may_end(user: User, grant: AccessGrant) -> bool:
    """The staff of the granting window, and supervisors (the whole municipality)."""
    for membership in memberships_for(user, grant.municipality_id, action=Action.MANAGE_GRANTS):
        level = record_scope(membership.role)
        if level == "municipality":
            return True
        if level == "window" and membership.window_id == grant.granting_window_id:
            return True
    return False


# Roles that work on a case as the municipality's own team; anyone else is outside it.
CASE_TEAM_ROLES = (
    Role.RECEPTION,
    Role.COUNSELLOR,
    Role.CONTRACTED_COUNSELLOR,
    Role.SUPERVISOR,
)
# Grant sources whose callers record the disclosure (tsunagu.consent.disclosure) in the same
# transaction: the only ways for information to reach someone outside the team.
DISCLOSING_SOURCES = frozenset({AccessGrant.Source.REFERRAL, AccessGrant.Source.MEETING})
OUTSIDE_TEAM_MESSAGE = _lazy(
    "関係機関・団体への情報提供には、同意または法令の根拠の記録が必要です。"
    "引き継ぎではなく、ケース画面の「おつなぎする」から根拠を選んで送ってください。"
)


def within_case_team(organization: Organization) -> bool:
    """Whether an organisation works on the municipality's cases as part of its own team:
    a contracted organisation (委託事業者), whose counsellors the municipality commissions."""
    return organization.org_type == Organization.Type.CONTRACTOR


def team_organizations(case: Case):
    """Organisations a case may be handed off or granted to without a disclosure."""
    return Organization.objects.filter(
        municipality_id=case.municipality_id, org_type=Organization.Type.CONTRACTOR
    ).order_by("name")


def grantable_users(case: Case):
    """Staff of the case's own team (CASE_TEAM_ROLES) who can work on it through a grant."""
    return users_who_may(Action.VIEW_CASE, case.municipality_id, roles=CASE_TEAM_ROLES)


def _check_period(ends_at: datetime.datetime | None) -> None:
    if ends_at is not None and ends_at <= timezone.now():
        raise ValidationError({"ends_at": _("期限は現在より後の日時を指定してください。")})


def _check_grantee(
    actor: User, case: Case, user: User | None, organization: Organization | None, source: str
) -> Q:
    """Validate the grantee; returns the filter for grants to the same grantee. Outside the
    case's team only through a disclosing source (DISCLOSING_SOURCES)."""
    if (user is None) == (organization is None):
        raise ValidationError(
            {"target": _("アクセス権を付与する相手を1人（1団体）選んでください。")}
        )
    if user is not None:
        if user.pk == actor.pk:
            raise ValidationError({"target": _("自分自身には付与できません。")})
        if not grantable_users(case).filter(pk=user.pk).exists():
            raise ValidationError({"target": _("この自治体でケースを扱える職員を選んでください。")})
        return Q(user=user)
    if organization.municipality_id != case.municipality_id:
        raise ValidationError({"target": _("同じ自治体の機関・団体を選んでください。")})
    if source not in DISCLOSING_SOURCES and not within_case_team(organization):
        raise ValidationError({"target": str(OUTSIDE_TEAM_MESSAGE)})
    return Q(organization=organization)


@transaction.atomic
def grant_access(
    actor: User,
    case: Case,
    *,
    user: User | None = None,
    organization: Organization | None = None,
    source: str = AccessGrant.Source.DIRECT,
    covers_contacts: bool = True,
    covers_intake: bool = True,
    covers_sensitive: bool = True,
    ends_at: datetime.datetime | None = None,
    reason: str = "",
    offer: bool = False,
) -> AccessGrant:
    """Grant `user` or `organization` access to `case` (with `offer`, the grant waits for
    the receiver's acceptance before it starts: a handoff's offer, HAND_OFF)."""
    check_may_grant(actor, case, Action.HAND_OFF if offer else Action.MANAGE_GRANTS)
    same_grantee = _check_grantee(actor, case, user, organization, source)
    _check_period(ends_at)
    current = AccessGrant.objects.in_municipality(case.municipality_id).filter(
        same_grantee, AccessGrant.active_q(), case=case
    )
    if current.exists():
        raise ValidationError(
            {"target": _("この相手はすでにこのケースへのアクセス権を持っています。")}
        )
    return AccessGrant.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        user=user,
        organization=organization,
        source=source,
        covers_contacts=covers_contacts,
        covers_intake=covers_intake,
        covers_sensitive=covers_sensitive,
        starts_at=None if offer else timezone.now(),
        ends_at=ends_at,
        reason=(reason or "").strip(),
        granted_by=actor,
        granting_window_id=case.window_id,
    )


def start_grant(grant: AccessGrant) -> AccessGrant:
    """The receiver accepted the offer: the grant starts now (inside the caller's transaction)."""
    grant.starts_at = timezone.now()
    grant.save()
    return grant


def refuse_grant(actor: User, grant: AccessGrant, reason: str) -> AccessGrant:
    """The receiver declined the offer: the grant ends without having started."""
    grant.ended_at = timezone.now()
    grant.ended_by = actor
    grant.end_reason = reason
    grant.save()
    return grant


def get_grant_for_user(user: User, grant_id: int) -> AccessGrant:
    """A grant the user may end (404 otherwise: foreign, out of scope or not theirs to end)."""
    grant = (
        AccessGrant.objects.visible_to(user, Action.MANAGE_GRANTS)
        .select_related("case", "user", "organization", "granted_by", "granting_window")
        .filter(pk=grant_id)
        .first()
    )
    if grant is None or not may_end(user, grant):
        record_denied(AccessGrant, grant_id)
        raise Http404
    return grant


@transaction.atomic
def end_grant(actor: User, grant: AccessGrant, reason: str) -> AccessGrant:
    """End a grant now, with a reason. A handoff that carried it ends with it."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("終了する理由を入力してください。")})
    fresh = (
        AccessGrant.objects.in_municipality(grant.municipality_id)
        .select_related("user", "organization", "granted_by", "granting_window")
        .select_for_update(of=("self",))
        .filter(pk=grant.pk)
        .first()
    )
    if fresh is None or not may_end(actor, fresh):
        raise PermissionDenied(_("このアクセス権を終了する権限がありません。"))
    if fresh.ended_at is not None or fresh.starts_at is None:
        raise ValidationError(_("このアクセス権はすでに終了しているか、まだ開始していません。"))
    fresh.ended_at = timezone.now()
    fresh.ended_by = actor
    fresh.end_reason = reason
    fresh.save()
    offer = CaseAccess.objects.in_municipality(fresh.municipality_id).filter(grant=fresh).first()
    if offer is not None and offer.status == CaseAccess.Status.ACCEPTED:
        offer.status = CaseAccess.Status.ENDED
        offer.save()
        HandoffEvent.objects.create(
            municipality_id=offer.municipality_id,
            access_id=offer.pk,
            case_id=offer.case_id,
            event=HandoffEvent.Event.ENDED,
            actor=actor,
            note=reason,
        )
    return fresh


def _case_grants(user: User, case_id: int) -> QuerySet:
    return (
        AccessGrant.objects.visible_to(user, Action.VIEW_CASE)
        .filter(AccessGrant.active_q(), case_id=case_id)
        .select_related("user", "organization", "granted_by", "granting_window")
        .defer(
            *unnamed_user_fields("user", "granted_by"), *unnamed_window_fields("granting_window")
        )
        .order_by("starts_at", "pk")
    )


_CASE_GRANTS = FixedQuery(_case_grants, case_id=int)  # on every case page


def current_grants(user: User, case: Case) -> list[AccessGrant]:
    """The case's active grants (for the case page), each with `.may_end` for this user."""
    grants = fetch_in_scope(_CASE_GRANTS, user, case_id=case.pk)
    for grant in grants:
        grant.may_end = may_end(user, grant)
    return grants


def grant_meeting_access(
    actor: User,
    case: Case,
    *,
    user: User,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    action: str,
    reason: str = "",
) -> AccessGrant:
    """A support-meeting member's access window to the prepared summary of one agenda case:
    from the meeting's opening (`starts_at`) to its end (`ends_at`), covering the summary only
    (never the case record: `covers_record` False). The actor must reach the case by their own
    role with `action` (the meeting organiser's, tsunagu.meetings); the caller records the
    disclosure. Ending it (end_grant) closes the window at once."""
    check_may_grant(actor, case, action)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("閲覧の期限は開始より後にしてください。")})
    return AccessGrant.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        user=user,
        source=AccessGrant.Source.MEETING,
        covers_record=False,
        covers_contacts=False,
        covers_intake=False,
        # the summary's S part is still shown only to roles that read S (people.visibility)
        covers_sensitive=True,
        starts_at=starts_at,
        ends_at=ends_at,
        reason=(reason or "").strip(),
        granted_by=actor,
        granting_window_id=case.window_id,
    )
