"""The support plan of a case (支援プラン): dated versions with goals, actions and a review date.

Goals come with whose goal they are; the person's own goals come first (the services keep
that order whatever order they were typed in). Each action names what is done, who is
responsible — a staff member or an organization — and by when. The versions follow the one
rule of `assessments.versioning`: a new version starts as a copy of the newest, and a submitted
or approved version is never edited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tsunagu.assessments.versioning import CaseVersion, VersionPart


class GoalOwner(models.TextChoices):
    PERSON = "person", _("本人の目標")
    FAMILY = "family", _("家族の願い")
    SUPPORTERS = "supporters", _("支援者の目標")


# The order goals are shown in: the person's own first.
OWNER_RANK = {GoalOwner.PERSON: 0, GoalOwner.FAMILY: 1, GoalOwner.SUPPORTERS: 2}


class SupportPlan(CaseVersion):
    case = models.ForeignKey(
        "people.Case",
        on_delete=models.PROTECT,
        related_name="support_plans",
        verbose_name=_("ケース"),
    )
    made_on = models.DateField(_("作成日"))
    review_on = models.DateField(_("見直し予定日"))
    direction = models.TextField(_("支援の方向性"), blank=True)
    person_agreed = models.BooleanField(
        _("本人がこの計画に同意している"),
        default=False,
        help_text=_("本人と話し合い、本人が同意したときに選びます。"),
    )
    assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("もとにしたアセスメント"),
    )

    SENSITIVITY = {
        **CaseVersion.VERSION_SENSITIVITY,
        "made_on": "O",
        "review_on": "O",
        "direction": "S",
        "person_agreed": "O",
        "assessment": "O",
    }

    class Meta:
        verbose_name = _("支援計画")
        verbose_name_plural = _("支援計画")
        ordering = ["case", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="supportplan_case_number")
        ]
        indexes = [models.Index(fields=["municipality", "review_on"], name="plan_review_on")]

    def __str__(self) -> str:
        return f"支援計画 第{self.number}版"


class PlanGoal(VersionPart):
    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="goals")
    order = models.PositiveSmallIntegerField(_("順序"), default=0)
    owner = models.CharField(_("誰の目標か"), max_length=20, choices=GoalOwner.choices)
    text = models.TextField(_("目標"))

    VERSION_FIELD = "plan"
    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "plan": "O",
        "order": "O",
        "owner": "O",
        "text": "S",
    }

    class Meta:
        verbose_name = _("目標")
        verbose_name_plural = _("目標")
        ordering = ["plan", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_owner_display()} #{self.pk}"


class PlanAction(VersionPart):
    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="actions")
    order = models.PositiveSmallIntegerField(_("順序"), default=0)
    what = models.TextField(_("支援の内容"))
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("担当する職員"),
    )
    responsible_organization = models.ForeignKey(
        "tenancy.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("担当する機関"),
    )
    due_on = models.DateField(_("期限"), null=True, blank=True)

    VERSION_FIELD = "plan"
    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "plan": "O",
        "order": "O",
        "what": "S",
        "responsible_user": "O",
        "responsible_organization": "O",
        "due_on": "O",
    }

    class Meta:
        verbose_name = _("支援の内容と役割分担")
        verbose_name_plural = _("支援の内容と役割分担")
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(responsible_user__isnull=False, responsible_organization__isnull=True)
                | Q(responsible_user__isnull=True, responsible_organization__isnull=False),
                name="planaction_one_responsible",
            )
        ]

    def __str__(self) -> str:
        return f"支援の内容 #{self.pk}"

    @property
    def responsible(self) -> object:
        return self.responsible_user or self.responsible_organization
