"""A 自治体管理者 manages the staff of the municipality (Action.MANAGE_USERS): invite a staff
member (account + role + window/organization + a one-time link to set the password; the
two-factor enrolment follows at the first login), change a membership, deactivate a member,
reset their two-factor authentication.

Every function starts with `require(actor, MANAGE_USERS, municipality)` and touches only
memberships of that municipality: a staff member of another municipality is "not found".
Writes of User and Membership are audited by the audit registry; the reset of a second factor
is recorded here (allauth's Authenticator is not a model of ours).
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from tsunagu.audit.log import record
from tsunagu.audit.models import AuditAction
from tsunagu.tenancy.models import Municipality, Organization, Window

from . import sessions
from .models import Membership, User
from .permissions import Action, municipalities_where, require
from .roles import Role

# Roles a 自治体管理者 may give: every role of a municipality, not the system's.
ASSIGNABLE_ROLES = [r for r in Role if r != Role.SYSTEM_ADMIN]


class StaffNotFoundError(ObjectDoesNotExist):
    """The staff member is not a member of a municipality where the actor manages staff."""


def memberships_managed_by(actor: User) -> QuerySet[Membership]:
    """The memberships of the municipalities where `actor` manages staff."""
    ids = municipalities_where(actor, Action.MANAGE_USERS)
    return Membership.objects.filter(municipality_id__in=ids).select_related(
        "user", "municipality", "window", "organization"
    )


def managed_membership(actor: User, membership_id: int) -> Membership:
    membership = memberships_managed_by(actor).filter(pk=membership_id).first()
    if membership is None:
        raise StaffNotFoundError(membership_id)
    return membership


def _require_manageable(actor: User, membership: Membership) -> None:
    """The actor manages staff in the membership's municipality, and the membership is one a
    自治体管理者 may manage (not the system administrator's)."""
    require(actor, Action.MANAGE_USERS, membership.municipality_id)
    if membership.role not in ASSIGNABLE_ROLES:
        raise ValidationError(_("システム管理者の所属はこの画面では変更できません。"))


def _checked(membership: Membership) -> Membership:
    if membership.role not in ASSIGNABLE_ROLES:
        raise ValidationError(_("この役割は自治体管理者には設定できません。"))
    if membership.role not in Membership.ORGANIZATION_ROLES:
        membership.organization = None
    if membership.role not in Membership.WINDOW_ROLES and membership.role not in (Role.SUPERVISOR,):
        membership.window = None
    membership.full_clean(exclude=["user"])
    return membership


@dataclass(frozen=True)
class Invitation:
    user: User
    membership: Membership
    link: str  # path of the one-time page where the new member sets a password


def set_password_path(user: User) -> str:
    """A one-time link: valid until the password is set or the user logs in (Django's
    password-reset tokens), at most PASSWORD_RESET_TIMEOUT."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("staff-set-password", kwargs={"uidb64": uid, "token": token})


@transaction.atomic
def invite_staff(
    actor: User,
    municipality: Municipality,
    *,
    username: str,
    display_name: str,
    display_name_kana: str = "",
    email: str = "",
    role: str,
    window: Window | None = None,
    organization: Organization | None = None,
) -> Invitation:
    """A new staff account (no usable password yet) with one membership here, and the link
    on which the member sets a password. Two-factor enrolment is required at first login."""
    require(actor, Action.MANAGE_USERS, municipality)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("このユーザー名はすでに使われています。")})
    user = User(
        username=username,
        display_name=display_name,
        display_name_kana=display_name_kana,
        email=email,
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    membership = _checked(
        Membership(
            user=user,
            municipality=municipality,
            role=role,
            window=window,
            organization=organization,
        )
    )
    membership.save()
    return Invitation(user, membership, set_password_path(user))


@transaction.atomic
def change_membership(
    actor: User,
    membership: Membership,
    *,
    role: str,
    window: Window | None = None,
    organization: Organization | None = None,
) -> Membership:
    """Change the role, window or organization of one membership."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _require_manageable(actor, membership)
    if membership.user_id == actor.pk and role != membership.role:
        raise ValidationError(_("自分自身の役割は変更できません。"))
    membership.role, membership.window, membership.organization = role, window, organization
    _checked(membership)
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:
        raise ValidationError(_("この職員はこの自治体でその役割をすでに持っています。")) from None
    return membership


@transaction.atomic
def deactivate_member(actor: User, membership: Membership) -> User:
    """End the member's memberships in this municipality. An account left without any active
    membership is disabled (its sessions and API tokens end: accounts.signals)."""
    _require_manageable(actor, membership)
    user = User.objects.select_for_update().get(pk=membership.user_id)
    if user.pk == actor.pk:
        raise ValidationError(_("自分自身は無効にできません。"))
    for own in Membership.objects.filter(
        user=user, municipality_id=membership.municipality_id, is_active=True
    ):
        own.is_active = False
        own.save(update_fields=["is_active"])
    if not Membership.objects.filter(user=user, is_active=True).exists() and user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def reactivate_member(actor: User, membership: Membership) -> Membership:
    """Undo a deactivation of one membership (and of the account)."""
    _require_manageable(actor, membership)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    user = membership.user
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    return membership


@transaction.atomic
def reset_two_factor(actor: User, membership: Membership) -> int:
    """Delete the member's authenticators (TOTP and recovery codes) and end their sessions:
    they must enrol again at the next login. Returns how many authenticators were removed."""
    _require_manageable(actor, membership)
    user = membership.user
    if user.pk == actor.pk:
        raise ValidationError(_("自分自身の二要素認証はこの画面では解除できません。"))
    authenticators = Authenticator.objects.filter(user=user)
    types = sorted(set(authenticators.values_list("type", flat=True)))
    removed, _by_model = authenticators.delete()
    record(
        AuditAction.MFA_CHANGED,
        user=actor,
        object_type="accounts.user",
        object_id=user.pk,
        municipality_id=membership.municipality_id,
        extra={"change": "reset_by_admin", "authenticators": types},
    )
    sessions.end_all_sessions(user, reason="mfa_reset", actor=actor)
    return removed


def new_set_password_link(actor: User, membership: Membership) -> str:
    """A new one-time link for a member who has not set a password yet (the first expired or
    was lost). Members with a password use the login page's own ways; the link is audited."""
    _require_manageable(actor, membership)
    user = membership.user
    if user.has_usable_password() or not user.is_active or not membership.is_active:
        raise ValidationError(
            _(
                "パスワード設定のリンクは、まだパスワードを設定していない有効な職員にだけ発行できます。"
            )
        )
    record(
        AuditAction.UPDATE,
        user=actor,
        object_type="accounts.user",
        object_id=user.pk,
        municipality_id=membership.municipality_id,
        extra={"change": "set_password_link"},
    )
    return set_password_path(user)
