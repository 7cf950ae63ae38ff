"""Staff accounts, their memberships (user × municipality/organization × role) and API tokens."""

import datetime
import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.core.columns import columns_besides
from tsunagu.core.fixed_query import FixedQuery

from .roles import Role


class User(AbstractUser):
    display_name = models.CharField(_("表示名"), max_length=60, blank=True)
    display_name_kana = models.CharField(_("表示名（フリガナ）"), max_length=120, blank=True)
    is_demo = models.BooleanField(_("デモアカウント"), default=False)

    class Meta:
        verbose_name = _("職員")
        verbose_name_plural = _("職員")

    def __str__(self) -> str:
        return self.display_name or self.username

    def active_memberships(self) -> list["Membership"]:
        """Cached per user object: permission checks run many times per request."""
        cached = getattr(self, "_active_memberships", None)
        if cached is None:
            cached = self._own(_ACTIVE_MEMBERSHIPS.fetch(user_id=self.pk))
            self._active_memberships = cached
        return cached

    def load_memberships_and_totp(self) -> bool | None:
        """(Re)load the active memberships, cached as active_memberships() does, and learn in
        the same query whether the user has a TOTP authenticator (login_rules.request_refusal:
        one query where every request made two). None when there is no active membership to
        carry the answer. Fresh on every call: nothing is kept between requests."""
        rows = self._own(_MEMBERSHIPS_AND_TOTP.fetch(user_id=self.pk))
        self._active_memberships = rows
        return rows[0].holder_has_totp if rows else None

    def _own(self, memberships: list["Membership"]) -> list["Membership"]:
        """membership.user is this object, as through self.memberships (no query)."""
        user_field = Membership._meta.get_field("user")
        for membership in memberships:
            user_field.set_cached_value(membership, self)
        return memberships


def _membership_rows(user_id: int) -> "models.QuerySet[Membership]":
    return Membership.objects.filter(user_id=user_id, is_active=True).select_related(
        "municipality", "organization", "window"
    )


def _membership_rows_and_totp(user_id: int) -> "models.QuerySet[Membership]":
    from allauth.mfa.models import Authenticator

    enrolled = Authenticator.objects.filter(
        user_id=models.OuterRef("user_id"), type=Authenticator.Type.TOTP
    )
    return _membership_rows(user_id).annotate(holder_has_totp=models.Exists(enrolled))


# Read on every request (login_rules.request_refusal, the permission checks): compiled once
# per connection (tsunagu.core.fixed_query), where building and compiling cost 4× the query.
_ACTIVE_MEMBERSHIPS = FixedQuery(_membership_rows, user_id=int)
_MEMBERSHIPS_AND_TOTP = FixedQuery(_membership_rows_and_totp, user_id=int)


NAMING_FIELDS = ("id", "username", "display_name")


def unnamed_user_fields(*relations: str) -> list[str]:
    """For ``QuerySet.defer()``: the User columns that naming a related user (``str(user)``,
    its pk) does not need, across these select_related relations."""
    return columns_besides(User, NAMING_FIELDS, *relations)


class Membership(models.Model):
    """Ties a user to a municipality (and possibly an organization or window) with one role."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("役割"), max_length=30, choices=Role.choices)
    municipality = models.ForeignKey(
        "tenancy.Municipality",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("自治体"),
    )
    organization = models.ForeignKey(
        "tenancy.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("所属機関・団体"),
    )
    window = models.ForeignKey(
        "tenancy.Window",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("所属窓口"),
    )
    is_active = models.BooleanField(_("有効"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    ORGANIZATION_ROLES = (Role.AGENCY_STAFF, Role.PUBLICITY, Role.CONTRACTED_COUNSELLOR)
    WINDOW_ROLES = (Role.RECEPTION, Role.COUNSELLOR)

    class Meta:
        verbose_name = _("所属・役割")
        verbose_name_plural = _("所属・役割")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality", "role"], name="membership_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} / {self.municipality} / {self.get_role_display()}"

    def clean(self) -> None:
        if self.role in (Role.AGENCY_STAFF, Role.PUBLICITY) and not self.organization_id:
            raise ValidationError({"organization": _("この役割には所属機関・団体が必要です。")})
        if self.role in self.WINDOW_ROLES and not self.window_id:
            raise ValidationError({"window": _("この役割には所属窓口が必要です。")})
        if self.organization_id and self.organization.municipality_id != self.municipality_id:
            raise ValidationError(
                {"organization": _("所属機関・団体は同じ自治体のものを選んでください。")}
            )
        if self.window_id and self.window.municipality_id != self.municipality_id:
            raise ValidationError({"window": _("窓口は同じ自治体のものを選んでください。")})


class RoleConfiguration(models.Model):
    """A municipality's configuration of one role: which optional actions it switches on
    (role_tables.OPTIONAL_ACTIONS lists what may be switched on per role; written only through
    role_settings.set_role_options, which checks that)."""

    municipality = models.ForeignKey(
        "tenancy.Municipality",
        on_delete=models.CASCADE,
        related_name="role_configurations",
        verbose_name=_("自治体"),
    )
    role = models.CharField(_("役割"), max_length=30, choices=Role.choices)
    extra_actions = models.JSONField(_("追加で許可する操作"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("役割の設定")
        verbose_name_plural = _("役割の設定")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "role"], name="roleconfig_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} / {self.get_role_display()}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def default_token_expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=settings.TSUNAGU_API_TOKEN_DAYS)


class ApiToken(models.Model):
    """A bearer token for /api/v1/. Only the SHA-256 of the token is stored.

    Issued, checked and revoked by tsunagu.accounts.tokens (the rules and the audit live there).
    """

    PREFIX = "tsu_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名前（用途）"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("発行日時"), default=timezone.now)
    expires_at = models.DateTimeField(_("有効期限"), default=default_token_expiry)
    last_used_at = models.DateTimeField(_("最終利用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("失効日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("APIトークン")
        verbose_name_plural = _("APIトークン")

    def __str__(self) -> str:
        return f"{self.user} / {self.name or self.pk}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def state_label(self) -> str:
        if self.revoked_at is not None:
            return str(_("失効"))
        if self.is_expired:
            return str(_("期限切れ"))
        return str(_("有効"))


class UserSession(models.Model):
    """One row per logged-in session, so a user's sessions can be listed and ended by key.

    Maintained by tsunagu.accounts.sessions (login and logout signals, and
    UserSessionMiddleware when a session key is cycled). Never holds the session data itself.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="user_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(_("ログイン日時"), default=timezone.now)
    last_seen = models.DateTimeField(_("最終操作"), default=timezone.now)
    ip = models.CharField(_("接続元"), max_length=45, blank=True)
    user_agent = models.CharField(_("ブラウザ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("ログイン中のセッション")
        verbose_name_plural = _("ログイン中のセッション")
        indexes = [models.Index(fields=["user", "created_at"], name="usersession_user")]

    def __str__(self) -> str:
        return f"{self.user} / {self.ip} / {self.created_at:%Y-%m-%d %H:%M}"
