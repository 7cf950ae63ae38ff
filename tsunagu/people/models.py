"""Persons supported and their cases: the heart of the personal data.

Every model here inherits TenantOwned, so it can only be queried through the scoping mechanism.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tsunagu.tenancy.scoping import NOTHING, TenantOwned

if TYPE_CHECKING:
    from tsunagu.accounts.models import Membership, User


class Person(TenantOwned):
    """本人 (or any person a case is about). Names are stored exactly as typed."""

    family_name = models.CharField(_("姓"), max_length=60, blank=True)
    given_name = models.CharField(_("名"), max_length=60, blank=True)
    family_name_kana = models.CharField(_("姓（フリガナ）"), max_length=120, blank=True)
    given_name_kana = models.CharField(_("名（フリガナ）"), max_length=120, blank=True)
    nickname = models.CharField(_("呼び名・通称"), max_length=60, blank=True)
    birth_date = models.DateField(_("生年月日"), null=True, blank=True)
    phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    address = models.CharField(_("住所"), max_length=200, blank=True)
    notes = models.TextField(_("特記事項"), blank=True)
    # Matching keys, derived at write time; never shown.
    name_key = models.CharField(max_length=240, blank=True, editable=False)
    kana_key = models.CharField(max_length=240, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "family_name": "P",
        "given_name": "P",
        "family_name_kana": "P",
        "given_name_kana": "P",
        "nickname": "P",
        "birth_date": "P",
        "phone": "P",
        "address": "P",
        "notes": "S",
        "name_key": "P",
        "kana_key": "P",
        "created_by": "O",
        "created_at": "O",
        "updated_at": "O",
    }

    class Meta:
        verbose_name = _("本人")
        verbose_name_plural = _("本人")
        indexes = [
            models.Index(fields=["municipality", "kana_key"], name="person_muni_kana"),
            models.Index(fields=["municipality", "birth_date"], name="person_muni_birth"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.nickname or f"#{self.pk}"

    @property
    def full_name(self) -> str:
        return f"{self.family_name} {self.given_name}".strip()

    @property
    def full_name_kana(self) -> str:
        return f"{self.family_name_kana} {self.given_name_kana}".strip()

    def save(self, *args, **kwargs) -> None:
        from tsunagu.jp.names import full_name_key, kana_key

        self.name_key = full_name_key(self.family_name, self.given_name)
        self.kana_key = kana_key(self.family_name_kana + self.given_name_kana)
        super().save(*args, **kwargs)

    @classmethod
    def scope_q(cls, level: str, user: User, membership: Membership) -> Q:
        if level == "municipality":
            return Q()
        if level == "own":
            return Q(created_by=user)
        visible_cases = Case.scope_q(level, user, membership)
        if visible_cases is NOTHING:
            return NOTHING
        case_ids = Case.objects.filter(visible_cases).values("person_id")
        return Q(pk__in=case_ids) | Q(created_by=user)


class Case(TenantOwned):
    class Status(models.TextChoices):
        RECEIVED = "received", _("受付")
        ASSESSMENT = "assessment", _("アセスメント")
        SUPPORT = "support", _("支援中")
        WATCHING = "watching", _("見守り")
        CLOSED = "closed", _("終結")

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="cases", verbose_name=_("本人")
    )
    window = models.ForeignKey(
        "tenancy.Window", on_delete=models.PROTECT, related_name="+", verbose_name=_("担当窓口")
    )
    lead_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("主担当"),
    )
    status = models.CharField(
        _("状況"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    summary = models.TextField(_("相談の概要"), blank=True)
    opened_on = models.DateField(_("受付日"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "person": "P",
        "window": "O",
        "lead_worker": "O",
        "status": "O",
        "summary": "S",
        "opened_on": "O",
        "created_by": "O",
        "created_at": "O",
        "updated_at": "O",
    }

    class Meta:
        verbose_name = _("ケース")
        verbose_name_plural = _("ケース")
        indexes = [models.Index(fields=["municipality", "status"], name="case_muni_status")]

    def __str__(self) -> str:
        return f"ケース #{self.pk}"

    @classmethod
    def scope_q(cls, level: str, user: User, membership: Membership) -> Q:
        assigned = Q(lead_worker=user) | Q(
            pk__in=CaseAccess.objects.filter(
                user=user, status=CaseAccess.Status.ACCEPTED
            ).values("case_id")
        )
        if level == "municipality":
            return Q()
        if level == "window":
            return Q(window_id=membership.window_id) | assigned
        if level == "assigned":
            return assigned
        if level == "organization" and membership.organization_id:
            return Q(
                pk__in=CaseAccess.objects.filter(
                    organization_id=membership.organization_id,
                    status=CaseAccess.Status.ACCEPTED,
                ).values("case_id")
            )
        return NOTHING


class CaseAccess(TenantOwned):
    """A case handed to a counsellor or referred to an organisation (with its answer)."""

    class Kind(models.TextChoices):
        HANDOFF = "handoff", _("引き継ぎ")
        REFERRAL = "referral", _("おつなぎ（紹介）")

    class Status(models.TextChoices):
        PENDING = "pending", _("受諾待ち")
        ACCEPTED = "accepted", _("受諾")
        DECLINED = "declined", _("辞退")
        ENDED = "ended", _("終了")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="accesses")
    kind = models.CharField(_("種別"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    reason = models.TextField(_("理由・申し送り"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "case": "O",
        "kind": "O",
        "user": "O",
        "organization": "O",
        "status": "O",
        "reason": "S",
        "created_by": "O",
        "created_at": "O",
        "answered_at": "O",
    }

    class Meta:
        verbose_name = _("引き継ぎ・紹介")
        verbose_name_plural = _("引き継ぎ・紹介")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @classmethod
    def scope_q(cls, level: str, user: User, membership: Membership) -> Q:
        if level == "municipality":
            return Q()
        if level in ("window", "assigned"):
            return Q(user=user) | Q(case__in=Case.objects.filter(
                Case.scope_q(level, user, membership)).values("pk"))
        if level == "organization" and membership.organization_id:
            return Q(organization_id=membership.organization_id)
        return NOTHING
