"""Consent to share a person's information (同意), and the log of every disclosure (情報提供の記録).

A `Consent` is never edited once given: a change of scope, purpose or expiry is a NEW record whose
`supersedes` names the old one (the old one then stops being current), and a withdrawal only fills
the three withdrawal fields. `Consent.save` refuses anything else, so the history a supervisor or
the person reads is the history that was recorded.

A `Disclosure` is written by `tsunagu.consent.disclosure.disclose` each time case information
leaves the case's own team (a referral, a meeting, an export, a case-study document), with the
legal basis it relied on. Rows are never changed.

Both hang off a case: whoever may see the case (by role or grant) may see them, if their role
holds the action (VIEW_CONSENTS, VIEW_DISCLOSURES) — the scope says which rows, the action who.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.tenancy.scoping import NO_NEEDS, TenantOwned, scoped_through

if TYPE_CHECKING:
    from tsunagu.accounts.models import Membership, User


def case_scope(
    level: str, user: User, membership: Membership, needs: frozenset[str], path: str = "case"
) -> Q:
    """Rows whose case (reached through `path`) the membership may see."""
    from tsunagu.people.models import Case

    return scoped_through(Case, path, level, user, membership, needs)


class Category(models.TextChoices):
    """Categories of information a consent covers and a disclosure shares."""

    BASIC = "basic", _("基本情報")
    INTAKE = "intake", _("相談受付票")
    CONTACTS = "contacts", _("支援記録")
    ASSESSMENT = "assessment", _("アセスメント")
    SUPPORT_PLAN = "support_plan", _("支援計画")
    SENSITIVE = "sensitive", _("要配慮個人情報（心身の状態など）")


class GivenBy(models.TextChoices):
    PERSON = "person", _("本人")
    LEGAL_REPRESENTATIVE = "legal_representative", _("法定代理人")
    FAMILY_ONLY = "family_only", _("家族のみ")


class Form(models.TextChoices):
    SIGNED = "signed", _("署名")
    ORAL = "oral", _("口頭")
    ELECTRONIC = "electronic", _("電子")


class Consent(TenantOwned):
    # Fields a withdrawal may fill; nothing else of a saved consent ever changes.
    WITHDRAWAL_FIELDS = ("withdrawn_at", "withdrawn_by", "withdrawal_reason")

    case = models.ForeignKey(
        "people.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("ケース")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("本人")
    )
    given_by = models.CharField(_("同意した人"), max_length=30, choices=GivenBy.choices)
    given_by_name = models.CharField(
        _("同意した人の氏名・続柄"),
        max_length=100,
        blank=True,
        help_text=_("本人以外のとき（例：母 山田花子）。"),
    )
    organizations = models.ManyToManyField(
        "tenancy.Organization",
        through="ConsentOrganization",
        related_name="+",
        verbose_name=_("提供先の機関"),
    )
    categories = models.JSONField(_("提供する情報の種類"), default=list)
    purpose = models.TextField(_("利用目的"))
    given_on = models.DateField(_("同意日"))
    form = models.CharField(_("同意の方法"), max_length=20, choices=Form.choices)
    expires_on = models.DateField(
        _("有効期限"), null=True, blank=True, help_text=_("この日まで有効（空欄は期限なし）。")
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("変更前の同意"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("記録日時"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("撤回日時"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("撤回を記録した職員"),
    )
    withdrawal_reason = models.TextField(_("撤回の理由"), blank=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "case": "O",
        "person": "P",
        "given_by": "O",
        "given_by_name": "P",
        "categories": "O",
        "purpose": "P",
        "given_on": "O",
        "form": "O",
        "expires_on": "O",
        "supersedes": "O",
        "recorded_by": "O",
        "recorded_at": "O",
        "withdrawn_at": "O",
        "withdrawn_by": "O",
        "withdrawal_reason": "P",
    }

    class Meta:
        verbose_name = _("情報提供の同意")
        verbose_name_plural = _("情報提供の同意")
        indexes = [models.Index(fields=["person", "given_on"], name="consent_person_given")]

    def __str__(self) -> str:
        return f"同意 #{self.pk}"

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        return case_scope(level, user, membership, needs)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            changed = set(self.changed_field_names()) - set(self.WITHDRAWAL_FIELDS)
            if changed:
                # A given consent is never edited: record a new one that supersedes it.
                raise ValidationError(
                    _("記録済みの同意は変更できません。変更は新しい同意として記録してください。")
                )
        super().save(*args, **kwargs)

    # Validity ----------------------------------------------------------------------------------
    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def is_superseded(self) -> bool:
        if hasattr(self, "replaced"):  # annotated by access.consents_of_case: no query
            return bool(self.replaced)
        try:
            return self.superseded_by is not None
        except Consent.DoesNotExist:
            return False

    def is_expired(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.expires_on is not None and self.expires_on < day

    STATUS_LABELS: ClassVar[dict[str, Any]] = {
        "valid": _("有効"),
        "pending": _("開始前"),
        "expired": _("期限切れ"),
        "superseded": _("変更済み"),
        "withdrawn": _("撤回"),
    }

    def status(self, at: datetime.datetime | None = None) -> str:
        """valid / pending (given_on still ahead) / expired / superseded / withdrawn, at a
        moment (now by default)."""
        at = at or timezone.now()
        day = timezone.localdate(at)
        if self.withdrawn_at is not None and self.withdrawn_at <= at:
            return "withdrawn"
        if self.is_superseded():
            return "superseded"
        if self.is_expired(day):
            return "expired"
        if self.given_on > day:
            return "pending"
        return "valid"

    def status_label(self, at: datetime.datetime | None = None) -> str:
        return str(self.STATUS_LABELS[self.status(at)])

    def category_labels(self) -> list[str]:
        labels = dict(Category.choices)
        return [str(labels.get(c, c)) for c in self.categories]

    def is_current(self, at: datetime.datetime | None = None) -> bool:
        return self.status(at) in ("valid", "pending")


class ConsentOrganization(TenantOwned):
    """An organisation a consent allows sharing with (the through table of Consent.organizations)."""

    consent = models.ForeignKey(
        Consent, on_delete=models.CASCADE, related_name="organization_links"
    )
    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.PROTECT, related_name="+"
    )

    SENSITIVITY = {"id": "O", "municipality": "O", "consent": "O", "organization": "O"}

    class Meta:
        verbose_name = _("同意の提供先")
        constraints = [
            models.UniqueConstraint(fields=["consent", "organization"], name="consent_org_unique")
        ]

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        return case_scope(level, user, membership, needs, "consent__case")


class Channel(models.TextChoices):
    REFERRAL = "referral", _("おつなぎ（紹介）")
    MEETING = "meeting", _("会議")
    EXPORT = "export", _("出力")
    CASE_STUDY = "case_study", _("事例検討資料")


class BasisKind(models.TextChoices):
    CONSENT = "consent", _("本人等の同意")
    SUPPORT_MEETING = "support_meeting", _("社会福祉法第106条の6（支援会議）")
    STATUTE = "statute", _("法令の定め")


class Disclosure(TenantOwned):
    case = models.ForeignKey(
        "people.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("ケース")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("本人")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("提供した職員"),
    )
    channel = models.CharField(_("提供の経路"), max_length=20, choices=Channel.choices)
    organizations = models.ManyToManyField(
        "tenancy.Organization",
        through="DisclosureOrganization",
        related_name="+",
        verbose_name=_("提供先の機関"),
    )
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="DisclosureRecipient",
        related_name="+",
        verbose_name=_("提供先の職員"),
    )
    categories = models.JSONField(_("提供した情報の種類"), default=list)
    basis = models.CharField(_("根拠"), max_length=20, choices=BasisKind.choices)
    consent = models.ForeignKey(
        Consent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosures",
        verbose_name=_("根拠とした同意"),
    )
    statute = models.CharField(_("根拠とした法令"), max_length=300, blank=True)
    target_type = models.CharField(_("提供したもの（種類）"), max_length=100, blank=True)
    target_id = models.CharField(_("提供したもの（番号）"), max_length=40, blank=True)
    disclosed_at = models.DateTimeField(_("提供日時"), default=timezone.now)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "case": "O",
        "person": "P",
        "actor": "O",
        "channel": "O",
        "categories": "O",
        "basis": "O",
        "consent": "O",
        "statute": "O",
        "target_type": "O",
        "target_id": "O",
        "disclosed_at": "O",
    }

    class Meta:
        verbose_name = _("情報提供の記録")
        verbose_name_plural = _("情報提供の記録")
        indexes = [
            models.Index(fields=["person", "-disclosed_at"], name="disclosure_person_time"),
            models.Index(fields=["case", "-disclosed_at"], name="disclosure_case_time"),
        ]

    def __str__(self) -> str:
        return f"情報提供 #{self.pk}"

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        return case_scope(level, user, membership, needs)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValidationError(_("情報提供の記録は変更できません。"))
        super().save(*args, **kwargs)

    def basis_label(self) -> str:
        if self.basis == BasisKind.STATUTE:
            return self.statute
        if self.basis == BasisKind.CONSENT:
            return f"{BasisKind.CONSENT.label}（同意 #{self.consent_id}）"
        return str(self.get_basis_display())

    def category_labels(self) -> list[str]:
        labels = dict(Category.choices)
        return [str(labels.get(c, c)) for c in self.categories]


class DisclosureOrganization(TenantOwned):
    disclosure = models.ForeignKey(
        Disclosure, on_delete=models.CASCADE, related_name="organization_links"
    )
    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.PROTECT, related_name="+"
    )

    SENSITIVITY = {"id": "O", "municipality": "O", "disclosure": "O", "organization": "O"}

    class Meta:
        verbose_name = _("情報提供先の機関")

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        return case_scope(level, user, membership, needs, "disclosure__case")


class DisclosureRecipient(TenantOwned):
    disclosure = models.ForeignKey(
        Disclosure, on_delete=models.CASCADE, related_name="recipient_links"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    SENSITIVITY = {"id": "O", "municipality": "O", "disclosure": "O", "user": "O"}

    class Meta:
        verbose_name = _("情報提供先の職員")

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        return case_scope(level, user, membership, needs, "disclosure__case")
