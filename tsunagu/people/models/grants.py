"""A grant of access to one case: the one mechanism by which someone outside a case's own
window reaches it (a handoff to a 委託相談員 or another window's counsellor, a referral to an
organisation; support-meeting access windows build on it).

A grant names who (a user, or an organisation: then every member of it), the case, what it
covers beyond the case record itself (contacts, the intake sheet, S-class fields), from when
(`starts_at`; empty while an offer waits for acceptance), until when (`ends_at`, optional),
who granted it from which window, and — once ended — who ended it, when and why. Nothing is
deleted. A grant is active while it has started, has not passed its `ends_at` and has not been
ended; `Case.scope_q` reads only active grants, so ending one takes effect on the next request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.core import clock
from tsunagu.tenancy.scoping import NO_NEEDS, NOTHING, TenantOwned, scope_subquery

if TYPE_CHECKING:
    from tsunagu.accounts.models import Membership, User


class AccessGrant(TenantOwned):
    class Source(models.TextChoices):
        HANDOFF = "handoff", _("引き継ぎ")
        REFERRAL = "referral", _("おつなぎ（紹介）")
        DIRECT = "direct", _("個別の付与")
        # A support-meeting member's access window: the prepared summary of an agenda case
        # from the meeting's opening until a set time after it, never the case record itself
        # (covers_record False; tsunagu.meetings checks it on the summary page).
        MEETING = "meeting", _("会議資料の閲覧（会議の構成員）")

    # What a grant may cover beyond the case record (the `needs` of a scope).
    COVERS: ClassVar[dict[str, str]] = {
        "contacts": "covers_contacts",
        "intake": "covers_intake",
        "sensitive": "covers_sensitive",
    }

    case = models.ForeignKey(
        "people.Case", on_delete=models.CASCADE, related_name="grants", verbose_name=_("ケース")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("職員"),
    )
    organization = models.ForeignKey(
        "tenancy.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("機関・団体"),
    )
    source = models.CharField(_("経緯"), max_length=20, choices=Source.choices)
    # False only for a meeting member's grant: it reaches the meeting's prepared summary of the
    # case (tsunagu.meetings), not the case record, its contacts or its intake sheet.
    covers_record = models.BooleanField(_("ケース記録"), default=True)
    covers_contacts = models.BooleanField(_("支援記録"), default=True)
    covers_intake = models.BooleanField(_("相談受付票"), default=True)
    covers_sensitive = models.BooleanField(_("要配慮個人情報（S）"), default=True)
    starts_at = models.DateTimeField(_("開始"), null=True, blank=True)
    ends_at = models.DateTimeField(_("期限"), null=True, blank=True)
    reason = models.TextField(_("付与の理由"), blank=True)
    # Empty only on grants converted from the handoffs recorded before grants existed.
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("付与した職員"),
    )
    granting_window = models.ForeignKey(
        "tenancy.Window",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("付与した窓口"),
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    ended_at = models.DateTimeField(_("終了日時"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("終了した職員"),
    )
    end_reason = models.TextField(_("終了の理由"), blank=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "case": "O",
        "user": "O",
        "organization": "O",
        "source": "O",
        "covers_record": "O",
        "covers_contacts": "O",
        "covers_intake": "O",
        "covers_sensitive": "O",
        "starts_at": "O",
        "ends_at": "O",
        "reason": "S",
        "granted_by": "O",
        "granting_window": "O",
        "created_at": "O",
        "ended_at": "O",
        "ended_by": "O",
        "end_reason": "S",
    }

    class Meta:
        verbose_name = _("アクセス権")
        verbose_name_plural = _("アクセス権")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, organization__isnull=True)
                | Q(user__isnull=True, organization__isnull=False),
                name="grant_one_grantee",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "ended_at"], name="grant_user_open"),
            models.Index(fields=["organization", "ended_at"], name="grant_org_open"),
            models.Index(fields=["case", "ended_at"], name="grant_case_open"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} #{self.pk}"

    @property
    def grantee(self) -> object:
        return self.user or self.organization

    def is_active(self, now: object = None) -> bool:
        now = now or timezone.now()
        return (
            self.starts_at is not None
            and self.starts_at <= now
            and self.ended_at is None
            and (self.ends_at is None or self.ends_at > now)
        )

    def covered(self) -> list[str]:
        """Labels of what the grant covers, the case record first."""
        if self.source == self.Source.MEETING:
            return [str(_("会議資料（準備された要約）"))]
        labels = [str(_("ケース記録"))] if self.covers_record else []
        labels += [
            str(self._meta.get_field(field).verbose_name)
            for field in self.COVERS.values()
            if getattr(self, field)
        ]
        return labels

    # The scope ---------------------------------------------------------------------------
    @classmethod
    def active_q(cls) -> Q:
        now = clock.now()  # a query kept by core.fixed_query compares with the time of each run
        return Q(starts_at__lte=now, ended_at__isnull=True) & (
            Q(ends_at__isnull=True) | Q(ends_at__gt=now)
        )

    @classmethod
    def grantee_q(cls, user: User, membership: Membership) -> Q:
        """Grants to this user, or to the organisation of this membership."""
        who = Q(user=user)
        if membership.organization_id:
            who |= Q(organization_id=membership.organization_id)
        return who & Q(municipality_id=membership.municipality_id)

    @classmethod
    def cover_q(cls, needs: frozenset[str]) -> Q:
        unknown = set(needs) - set(cls.COVERS)
        if unknown:  # fail closed on a need nobody can grant
            raise ValueError(f"unknown grant coverage: {sorted(unknown)}")
        return Q(**{cls.COVERS[need]: True for need in needs})

    @classmethod
    def case_ids_for(
        cls, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> models.QuerySet:
        """Ids of the cases this membership reaches through active grants covering `needs`
        (a subquery). A grant without the case record (a meeting member's) reaches none."""
        condition = (
            cls.active_q()
            & cls.grantee_q(user, membership)
            & Q(covers_record=True)
            & cls.cover_q(needs)
        )
        return scope_subquery(cls, condition).values("case_id")

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        """The grants of the cases a membership sees, and the membership's own grants."""
        Case = cls._meta.get_field("case").related_model
        if level == "municipality":
            return Q()
        own = Q(user=user)
        if membership.organization_id:
            own |= Q(organization_id=membership.organization_id)
        cases = Case.scope_q(level, user, membership, needs)
        if cases is NOTHING:
            return own
        return own | Q(case__in=scope_subquery(Case, cases).values("pk"))
