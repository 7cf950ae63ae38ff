"""Cases, their status and engagement history, and the case accesses (handoff, referral)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tsunagu.tenancy.scoping import NO_NEEDS, NOTHING, TenantOwned, scope_subquery, scoped_through

from .grants import AccessGrant
from .persons import Person

if TYPE_CHECKING:
    from tsunagu.accounts.models import Membership, User


class ClosureReason(models.TextChoices):
    """終結理由 (domain notes §2.3), plus 不明."""

    INFO_ONLY = "info_only", _("情報提供のみで終了")
    HANDED_OVER = "handed_over", _("他機関へ引継ぎ")
    WORK_OR_SCHOOL = "work_or_school", _("就労・就学")
    SOCIAL_PARTICIPATION = "social_participation", _("居場所等の社会参加")
    PERSONS_WISH = "persons_wish", _("本人の意思で終了")
    MOVED = "moved", _("転居")
    DIED = "died", _("死亡")
    LOST_CONTACT = "lost_contact", _("連絡途絶")
    TO_WATCHING = "to_watching", _("見守りへ移行")
    OTHER = "other", _("その他")
    UNKNOWN = "unknown", _("不明")


class EngagementStage(models.TextChoices):
    """How far the person of concern is engaged with support."""

    NO_CONTACT = "no_contact", _("未接触")
    FAMILY_ONLY = "family_only", _("家族のみ")
    INDIRECT = "indirect", _("間接的接触")
    MET = "met", _("本人と面会")
    ONGOING = "ongoing", _("継続的関与")
    PARTICIPATION = "participation", _("社会参加の試行")


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
    engagement_stage = models.CharField(
        _("本人との関わりの段階"),
        max_length=20,
        choices=EngagementStage.choices,
        default=EngagementStage.NO_CONTACT,
    )
    closure_reason = models.CharField(
        _("終結理由"), max_length=30, choices=ClosureReason.choices, blank=True
    )
    closed_on = models.DateField(_("終結日"), null=True, blank=True)
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
        "engagement_stage": "O",
        "closure_reason": "O",
        "closed_on": "O",
        "summary": "S",
        "opened_on": "O",
        "created_by": "O",
        "created_at": "O",
        "updated_at": "O",
    }

    class Meta:
        verbose_name = _("ケース")
        verbose_name_plural = _("ケース")
        indexes = [
            models.Index(fields=["municipality", "status"], name="case_muni_status"),
            models.Index(fields=["window", "status"], name="case_window_status"),
            models.Index(fields=["lead_worker", "status"], name="case_lead_status"),
            models.Index(fields=["municipality", "-updated_at"], name="case_muni_updated"),
        ]

    def __str__(self) -> str:
        return f"ケース #{self.pk}"

    @classmethod
    def own_scope_q(cls, level: str, user: User, membership: Membership) -> Q:
        """The cases a membership reaches by its role alone, without any access grant: the
        whole municipality, or a window's cases and the ones the user leads."""
        if level == "municipality":
            return Q()
        if level == "window":
            own = Q(lead_worker=user)
            if membership.window_id:
                own |= Q(window_id=membership.window_id)
            return own
        return NOTHING

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        """Own scope (above) and the cases active grants reach (covering `needs`). "assigned"
        and "organization" roles (委託相談員, 関係機関) reach cases ONLY through grants, so
        ending a grant ends their access."""
        if level == "municipality":
            return Q()
        if level not in ("window", "assigned", "organization"):
            return NOTHING
        granted = Q(pk__in=AccessGrant.case_ids_for(user, membership, needs))
        own = cls.own_scope_q(level, user, membership)
        return granted if own is NOTHING else own | granted


class _CaseHistory(TenantOwned):
    """Rows that belong to a case and are visible exactly when the case is."""

    class Meta:
        abstract = True

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        return scoped_through(Case, "case", level, user, membership, needs)


class CaseStatusChange(_CaseHistory):
    """One status change of a case (who, when, from, to, why)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("変更前"), max_length=20, choices=Case.Status.choices)
    to_status = models.CharField(_("変更後"), max_length=20, choices=Case.Status.choices)
    closure_reason = models.CharField(
        _("終結理由"), max_length=30, choices=ClosureReason.choices, blank=True
    )
    reason = models.TextField(_("理由"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("日時"), auto_now_add=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "case": "O",
        "from_status": "O",
        "to_status": "O",
        "closure_reason": "O",
        "reason": "S",
        "changed_by": "O",
        "changed_at": "O",
    }

    class Meta:
        verbose_name = _("状況の変更")
        verbose_name_plural = _("状況の変更")
        indexes = [models.Index(fields=["case", "changed_at"], name="casestatus_case_at")]

    def __str__(self) -> str:
        return f"{self.from_status}→{self.to_status} #{self.pk}"


class EngagementChange(_CaseHistory):
    """One change of the engagement stage (every change is kept)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="engagement_changes")
    from_stage = models.CharField(_("変更前"), max_length=20, choices=EngagementStage.choices)
    to_stage = models.CharField(_("変更後"), max_length=20, choices=EngagementStage.choices)
    note = models.TextField(_("メモ"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("日時"), auto_now_add=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "case": "O",
        "from_stage": "O",
        "to_stage": "O",
        "note": "S",
        "changed_by": "O",
        "changed_at": "O",
    }

    class Meta:
        verbose_name = _("関わりの段階の変更")
        verbose_name_plural = _("関わりの段階の変更")
        indexes = [models.Index(fields=["case", "changed_at"], name="engagement_case_at")]

    def __str__(self) -> str:
        return f"{self.from_stage}→{self.to_stage} #{self.pk}"


class CaseAccess(TenantOwned):
    """A handoff (or referral) offered to a counsellor, an organisation or another window, with
    its answer. It gives no access by itself: an offer to a user or organisation carries the
    AccessGrant (`grant`) that starts when the receiver accepts."""

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
    grant = models.OneToOneField(
        AccessGrant,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="offer",
        verbose_name=_("アクセス権"),
    )

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
        "grant": "O",
    }

    class Meta:
        verbose_name = _("引き継ぎ・紹介")
        verbose_name_plural = _("引き継ぎ・紹介")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        """The handoffs of the cases a membership sees, and those offered to it (an agency: only
        those offered to it)."""
        if level == "municipality":
            return Q()
        own = Q(user=user)
        if membership.organization_id:
            own |= Q(organization_id=membership.organization_id)
        if level == "organization":
            return own  # an agency sees what was referred to it, not the case's other handoffs
        cases = Case.scope_q(level, user, membership, needs)
        if cases is NOTHING:
            return NOTHING
        return own | Q(case__in=scope_subquery(Case, cases).values("pk"))
