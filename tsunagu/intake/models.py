"""Versioned intake forms (受付票) and the intakes taken with them.

FormDefinition / FormVersion are operational configuration (no personal data). An Intake is
personal data (TenantOwned): its answers are JSON validated against its own version, and the
items lists and statistics use are copied into typed, indexed columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.tenancy.scoping import NO_NEEDS, NOTHING, TenantOwned

if TYPE_CHECKING:
    from tsunagu.accounts.models import Membership, User


def empty_schema() -> dict[str, Any]:
    return {"sections": []}


class PublishedVersionError(ValidationError):
    """A published form version was about to change."""

    def __init__(self) -> None:
        super().__init__(_("公開済みの版は変更できません。新しい版（下書き）を作成してください。"))


class FormDefinition(models.Model):
    """A municipality's intake form, e.g. 「ひきこもり相談受付票」, with its versions."""

    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("自治体")
    )
    name = models.CharField(_("名称"), max_length=100)
    is_default = models.BooleanField(_("既定の受付票"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["municipality_id", "-is_default", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="formdefinition_name"),
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(is_default=True),
                name="formdefinition_one_default",
            ),
        ]
        verbose_name = _("受付票")
        verbose_name_plural = _("受付票")

    def __str__(self) -> str:
        return self.name

    def published_version(self) -> FormVersion | None:
        return self.versions.filter(status=FormVersion.Status.PUBLISHED).order_by("-number").first()


class FormVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("下書き")
        PUBLISHED = "published", _("公開済み")

    definition = models.ForeignKey(
        FormDefinition, on_delete=models.PROTECT, related_name="versions", verbose_name=_("受付票")
    )
    number = models.PositiveIntegerField(_("版"))
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    schema = models.JSONField(_("定義"), default=empty_schema)
    published_at = models.DateTimeField(_("公開日時"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["definition_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["definition", "number"], name="formversion_number"),
            models.UniqueConstraint(
                fields=["definition"], condition=Q(status="draft"), name="formversion_one_draft"
            ),
        ]
        verbose_name = _("受付票の版")
        verbose_name_plural = _("受付票の版")

    def __str__(self) -> str:
        return f"{self.definition.name} 第{self.number}版"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Published versions never change: intakes taken with them must render as they were.
        if self._stored_status() == self.Status.PUBLISHED:
            raise PublishedVersionError()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self._stored_status() == self.Status.PUBLISHED:
            raise PublishedVersionError()
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def _stored_status(self) -> str | None:
        if self.pk is None:
            return None
        return FormVersion.objects.filter(pk=self.pk).values_list("status", flat=True).first()


class IntakeSequence(models.Model):
    """The last intake number given out per municipality and 年度."""

    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    fiscal_year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "fiscal_year"], name="intakesequence_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}: {self.last_number}"


class Intake(TenantOwned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("入力中（下書き）")
        SUBMITTED = "submitted", _("受付済み")

    class Urgency(models.TextChoices):
        HIGH = "high", _("高（即日対応）")
        MEDIUM = "medium", _("中")
        LOW = "low", _("低")
        UNSET = "unset", _("未判断")

    class Consent(models.TextChoices):
        GIVEN = "given", _("同意あり")
        NOT_GIVEN = "not_given", _("同意なし")
        UNKNOWN = "unknown", _("未確認")

    number = models.CharField(_("受付番号"), max_length=20)
    fiscal_year = models.PositiveIntegerField(_("年度"))
    form_version = models.ForeignKey(
        FormVersion, on_delete=models.PROTECT, related_name="intakes", verbose_name=_("受付票の版")
    )
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    window = models.ForeignKey(
        "tenancy.Window", on_delete=models.PROTECT, related_name="+", verbose_name=_("受付窓口")
    )
    received_at = models.DateTimeField(_("受付日時"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("受付者"),
    )
    answers = models.JSONField(_("回答"), default=dict, blank=True)
    # Typed copies of core answers, for lists, filters and statistics.
    channel = models.CharField(_("受付方法"), max_length=40, blank=True)
    consulter_relation = models.CharField(_("相談者と本人の関係"), max_length=40, blank=True)
    person_sex = models.CharField(_("本人の性別"), max_length=40, blank=True)
    person_age_band = models.CharField(_("本人の年代"), max_length=10, default="unknown")
    urgency = models.CharField(
        _("緊急度"), max_length=10, choices=Urgency.choices, default=Urgency.UNSET
    )
    consent = models.CharField(
        _("情報共有への同意"), max_length=10, choices=Consent.choices, default=Consent.UNKNOWN
    )
    has_risk = models.BooleanField(_("リスク項目に該当"), default=False)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("本人"),
    )
    case = models.ForeignKey(
        "people.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ケース"),
    )
    concern_report = models.OneToOneField(  # one intake per report (refused a second time)
        "concerns.ConcernReport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("民生委員からの連絡"),
    )
    submitted_at = models.DateTimeField(_("受付完了日時"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "number": "O",
        "fiscal_year": "O",
        "form_version": "O",
        "status": "O",
        "window": "O",
        "received_at": "O",
        "received_by": "O",
        "answers": "S",
        "channel": "O",
        "consulter_relation": "P",
        "person_sex": "P",
        "person_age_band": "P",
        "urgency": "O",
        "consent": "O",
        "has_risk": "S",
        "person": "P",
        "case": "O",
        "concern_report": "O",
        "submitted_at": "O",
        "created_at": "O",
        "updated_at": "O",
    }

    class Meta:
        verbose_name = _("受付")
        verbose_name_plural = _("受付")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "number"], name="intake_number"),
        ]
        indexes = [
            models.Index(fields=["municipality", "received_at"], name="intake_muni_received"),
            models.Index(fields=["municipality", "status"], name="intake_muni_status"),
            models.Index(fields=["municipality", "window"], name="intake_muni_window"),
            models.Index(fields=["municipality", "channel"], name="intake_muni_channel"),
            models.Index(fields=["municipality", "consulter_relation"], name="intake_muni_rel"),
            models.Index(fields=["municipality", "person_sex"], name="intake_muni_sex"),
            models.Index(fields=["municipality", "person_age_band"], name="intake_muni_age"),
            models.Index(fields=["municipality", "urgency"], name="intake_muni_urgency"),
            models.Index(fields=["municipality", "consent"], name="intake_muni_consent"),
            models.Index(fields=["municipality", "has_risk"], name="intake_muni_risk"),
        ]

    def __str__(self) -> str:
        return f"受付 {self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def clean(self) -> None:
        from .answers import validate_answers

        version = self.form_version
        if version.definition.municipality_id != self.municipality_id:
            raise ValidationError({"form_version": _("他の自治体の受付票は使えません。")})
        if self.window.municipality_id != self.municipality_id:
            raise ValidationError({"window": _("他の自治体の窓口は選べません。")})
        today = timezone.localdate(self.received_at) if self.received_at else None
        try:
            validate_answers(version.schema, self.answers, partial=self.is_draft, today=today)
        except ValidationError as error:
            raise ValidationError({"answers": error.messages}) from None

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        """Window staff: their window's intakes; everyone: the intakes they received, and
        those of cases their access grants reach when the grant covers the intake sheet."""
        from tsunagu.people.models import AccessGrant

        if level == "municipality":
            return Q()
        mine = Q(received_by=user)
        if level == "own":
            return mine
        if level not in ("window", "assigned", "organization"):
            return NOTHING
        granted = Q(case__in=AccessGrant.case_ids_for(user, membership, needs | {"intake"}))
        if level == "window" and membership.window_id:
            return Q(window_id=membership.window_id) | mine | granted
        return mine | granted
