"""おつなぎ: sending (with the basis checked by the consent app), the receiver's answers and
feedback and the sender's cancellation (what the pages, the API and the dashboard read is
queries.py).

Rules:
- only staff who reach the case by their own role refer it (REFER_CASE + people.grants'
  `reaches_without_grant`): a grantee (委託相談員, 関係機関) never passes a case on;
- a referral goes to an organisation of the case's municipality that has at least one
  関係機関担当 to receive it, never twice at once to the same organisation;
- sending calls `consent.disclosure.disclose(channel="referral")` inside the transaction, before
  the grant exists: no valid basis (e.g. the consent was withdrawn) → `DisclosureRefused`, and
  nothing is written;
- the shared view is an AccessGrant (source REFERRAL, to the organisation) that starts at
  sending and ends when the referral is completed, refused or cancelled;
- the receiver (ANSWER_REFERRAL, a membership of the referral's organisation) answers and sends
  feedback; the sender is notified of each; the organisation's staff are notified of a new one.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import (
    Action,
    can,
    memberships_for,
    require,
    roles_allowed,
)
from tsunagu.consent.disclosure import Basis, disclose
from tsunagu.core.validation import clean_model_text
from tsunagu.notifications.services import notify
from tsunagu.people import grants
from tsunagu.people.models import AccessGrant, Case
from tsunagu.tenancy.models import Organization

from .models import ENDED, OPEN, Referral, ReferralEvent, Status
from .workflow import FEEDBACK_STATUSES, REASON_REQUIRED, RECEIVER, SENDER, check_transition

# The coverage a sender chooses → the consent categories the disclosure must cover. The case
# record itself (基本情報) is always shared: without it the organisation cannot know who it is.
COVER_CATEGORIES: dict[str, str] = {
    "covers_contacts": "contacts",
    "covers_intake": "intake",
    "covers_sensitive": "sensitive",
}
BASIC_CATEGORY = "basic"


# Who ---------------------------------------------------------------------------------------
def may_refer(user: User, case: Case) -> bool:
    """May this user refer this case (and cancel its referrals)?"""
    return can(user, Action.REFER_CASE, case.municipality_id) and grants.reaches_without_grant(
        user, case, Action.REFER_CASE
    )


def check_may_refer(user: User, case: Case) -> None:
    require(user, Action.REFER_CASE, case.municipality_id)
    if not grants.reaches_without_grant(user, case, Action.REFER_CASE):
        raise PermissionDenied(
            _("このケースをおつなぎできるのは、担当窓口の職員とスーパーバイザーだけです。")
        )


def is_receiver(user: User, referral: Referral) -> bool:
    """Is the user a 関係機関担当 of the organisation the referral was sent to?"""
    return any(
        m.organization_id == referral.organization_id
        for m in memberships_for(user, referral.municipality_id, action=Action.ANSWER_REFERRAL)
    )


def receivers_of(organization: Organization) -> QuerySet[User]:
    """The active staff who answer referrals for this organisation (its 関係機関担当)."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__municipality_id=organization.municipality_id,
            memberships__organization_id=organization.pk,
            memberships__role__in=roles_allowed(
                Action.ANSWER_REFERRAL, organization.municipality_id
            ),
        )
        .distinct()
        .order_by("display_name_kana", "username")
    )


def organizations_to_refer(case: Case) -> QuerySet[Organization]:
    """Organisations of the case's municipality with at least one 関係機関担当."""
    roles = roles_allowed(Action.ANSWER_REFERRAL, case.municipality_id)
    return (
        Organization.objects.filter(
            municipality_id=case.municipality_id,
            memberships__is_active=True,
            memberships__user__is_active=True,
            memberships__role__in=roles,
        )
        .distinct()
        .order_by("name")
    )


# Sending -----------------------------------------------------------------------------------
def _clean_covers(covers: Mapping[str, bool] | None) -> dict[str, bool]:
    covers = dict(covers or {})
    unknown = set(covers) - set(COVER_CATEGORIES)
    if unknown:
        raise ValueError(f"unknown coverage: {sorted(unknown)}")
    return {name: bool(covers.get(name, False)) for name in COVER_CATEGORIES}


def shared_categories(covers: Mapping[str, bool]) -> list[str]:
    return [BASIC_CATEGORY] + [COVER_CATEGORIES[n] for n, on in covers.items() if on]


def _event(referral: Referral, kind: str, actor: User, note: str = "") -> ReferralEvent:
    return ReferralEvent.objects.create(
        municipality_id=referral.municipality_id,
        referral=referral,
        kind=kind,
        note=note,
        actor=actor,
    )


def _url(referral: Referral) -> str:
    return reverse("referral-detail", args=[referral.pk])


@transaction.atomic
def send_referral(
    actor: User,
    case: Case,
    *,
    organization: Organization,
    basis: Basis,
    message: str,
    service_name: str = "",
    covers: Mapping[str, bool] | None = None,
) -> Referral:
    """Refer the case to `organization`, sharing the case record and the parts in `covers`
    (covers_contacts, covers_intake, covers_sensitive) on `basis`. Raises PermissionDenied,
    ValidationError (bad input) or DisclosureRefused (no valid basis)."""
    check_may_refer(actor, case)
    covers = _clean_covers(covers)
    message = clean_model_text(Referral, "message", message, required=True)
    service_name = clean_model_text(Referral, "service_name", service_name)
    if case.status == Case.Status.CLOSED:
        raise ValidationError(_("終結したケースはおつなぎできません。"))
    if organization.municipality_id != case.municipality_id:
        raise ValidationError({"organization": _("同じ自治体の機関・団体を選んでください。")})
    receivers = list(receivers_of(organization))
    if not receivers:
        raise ValidationError(
            {
                "organization": _(
                    "この機関・団体には、おつなぎを受け取る関係機関担当の職員が登録されていません。"
                )
            }
        )
    open_ones = Referral.objects.in_municipality(case.municipality_id).filter(
        case=case, organization=organization, status__in=OPEN
    )
    if open_ones.exists():
        raise ValidationError(
            {"organization": _("この機関・団体へのおつなぎが、まだ終わらずに残っています。")}
        )
    try:
        grant = grants.grant_access(
            actor,
            case,
            organization=organization,
            source=AccessGrant.Source.REFERRAL,
            reason=message,
            **covers,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "target" in error.error_dict:
            raise ValidationError(
                {
                    "organization": _(
                        "この機関・団体はすでに別の経緯（引き継ぎなど）でこのケースを見られます。"
                        "そのアクセス権を終了してからおつなぎしてください。"
                    )
                }
            ) from None
        raise
    referral = Referral.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        organization=organization,
        service_name=service_name,
        message=message,
        grant=grant,
        sent_by=actor,
        sent_at=grant.starts_at,
    )
    # The basis, checked now: without it the transaction rolls back and nothing leaves (the
    # grant above, the referral and its notifications are never committed).
    referral.disclosure = disclose(
        actor,
        case,
        channel="referral",
        organizations=[organization],
        categories=shared_categories(covers),
        basis=basis,
        target=referral,
        recipients=receivers,
    )
    referral.save(update_fields=["disclosure", "updated_at"])
    _event(referral, ReferralEvent.Kind.SENT, actor)
    text = _("おつなぎが届きました（ケース #%(case)s）") % {"case": case.pk}
    for receiver in receivers:
        notify(
            receiver,
            municipality_id=case.municipality_id,
            kind="referral_received",
            message=text,
            target=referral,
            url=_url(referral),
        )
    return referral


# Answers, cancellation, feedback ---------------------------------------------------------------
def _locked(referral: Referral) -> Referral:
    return (
        Referral.objects.in_municipality(referral.municipality_id)
        .select_for_update(of=("self",))
        .select_related("grant")
        .get(pk=referral.pk)
    )


def _end_grant(grant: AccessGrant, actor: User, reason: str) -> None:
    """The shared view ends with the referral (unless it was ended already on the case page)."""
    if grant.ended_at is None:
        grant.ended_at = timezone.now()
        grant.ended_by = actor
        grant.end_reason = reason
        grant.save()


def _move(referral: Referral, to: str, actor: User, side: str, note: str) -> Referral:
    fresh = _locked(referral)
    check_transition(fresh.status, to, side)
    note = clean_model_text(ReferralEvent, "note", note, required=False)
    if to in REASON_REQUIRED and not note:
        raise ValidationError({"reason": _("理由を入力してください。")})
    now = timezone.now()
    fresh.status = to
    if side == RECEIVER and fresh.answered_at is None:
        fresh.answered_at = now
    if to in ENDED:
        fresh.closed_at = now
        label = dict(Status.choices)[to]
        _end_grant(
            fresh.grant, actor, _("おつなぎが「%(status)s」になったため") % {"status": label}
        )
    fresh.save()
    _event(fresh, to, actor, note)
    referral.__dict__.update({k: getattr(fresh, k) for k in ("status", "answered_at", "closed_at")})
    return fresh


def check_receiver(actor: User, referral: Referral) -> None:
    require(actor, Action.ANSWER_REFERRAL, referral.municipality_id)
    if not is_receiver(actor, referral):
        raise PermissionDenied(_("このおつなぎに回答できるのは、おつなぎ先の機関の職員だけです。"))


def _notify_sender(referral: Referral, message: str) -> None:
    notify(
        referral.sent_by,
        municipality_id=referral.municipality_id,
        kind="referral_answered",
        message=message,
        target=referral,
        url=_url(referral),
    )


@transaction.atomic
def respond(actor: User, referral: Referral, status: str, note: str = "") -> Referral:
    """The receiver's answer: 受理, 対応中, 完了, or 不受理 with a reason."""
    check_receiver(actor, referral)
    fresh = _move(referral, status, actor, RECEIVER, note)
    label = dict(Status.choices)[status]
    _notify_sender(
        fresh,
        _("おつなぎに回答がありました（ケース #%(case)s：%(status)s）")
        % {"case": fresh.case_id, "status": label},
    )
    return fresh


@transaction.atomic
def cancel(actor: User, referral: Referral, reason: str) -> Referral:
    """The sending side withdraws the referral (取消): the shared view ends at once, and the
    organisation's staff are told."""
    check_may_refer(actor, referral.case)
    fresh = _move(referral, Status.CANCELLED, actor, SENDER, reason)
    organization = Organization.objects.get(pk=fresh.organization_id)
    text = _("おつなぎが取り消されました（ケース #%(case)s）") % {"case": fresh.case_id}
    for receiver in receivers_of(organization):
        notify(
            receiver,
            municipality_id=fresh.municipality_id,
            kind="referral_cancelled",
            message=text,
            target=fresh,
            url=_url(fresh),
        )
    return fresh


@transaction.atomic
def add_feedback(actor: User, referral: Referral, text: str) -> ReferralEvent:
    """The receiver's feedback (S-class free text), shown to the sender on the case."""
    check_receiver(actor, referral)
    fresh = _locked(referral)
    if fresh.status not in FEEDBACK_STATUSES:
        raise ValidationError(
            {"text": _("フィードバックは、受理したおつなぎ（受理・対応中・完了）に送れます。")}
        )
    text = clean_model_text(ReferralEvent, "note", text, required=True)
    event = _event(fresh, ReferralEvent.Kind.FEEDBACK, actor, text)
    _notify_sender(
        fresh,
        _("おつなぎのフィードバックが届きました（ケース #%(case)s）") % {"case": fresh.case_id},
    )
    return event


def shared_view_active(referral: Referral) -> bool:
    return referral.grant.is_active()


def may_answer(user: User, referral: Referral) -> bool:
    return is_receiver(user, referral) and referral.status in OPEN


def may_send_feedback(user: User, referral: Referral) -> bool:
    return is_receiver(user, referral) and referral.status in FEEDBACK_STATUSES
