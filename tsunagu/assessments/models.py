"""The assessment of a complex case (多機関協働事業のアセスメント): dated versions.

Each version rates the person's situation in eleven domains (a rating and notes each), and
records strengths, the person's own wishes and the goals of 自律 in the person's words. The
versions follow the one rule of `versioning`: a new version starts as a copy of the newest,
and a submitted or approved version is never edited.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .versioning import CaseVersion, VersionPart


class Domain(models.TextChoices):
    """The domains of the 重層的支援体制整備事業 assessment sheet, in the sheet's order."""

    HEALTH = "health", _("身体の健康")
    MENTAL_HEALTH = "mental_health", _("こころの健康")
    DISABILITY = "disability", _("障害")
    ECONOMY = "economy", _("家計・債務")
    FAMILY = "family", _("家族関係")
    ELDER_CARE = "elder_care", _("親の介護（8050）")
    EMPLOYMENT = "employment", _("就労")
    EDUCATION = "education", _("学び・教育")
    HOUSING = "housing", _("住まい")
    SAFETY = "safety", _("安全（暴力・虐待・自傷など）")
    DAILY_LIVING = "daily_living", _("日常生活")


class Rating(models.TextChoices):
    NONE = "none", _("課題なし")
    MILD = "mild", _("軽度")
    MODERATE = "moderate", _("中度")
    SEVERE = "severe", _("重度")
    UNKNOWN = "unknown", _("不明")


# The ordinal scale (不明 is outside it): a comparison says whether a domain got better or worse.
RATING_RANK = {Rating.NONE: 0, Rating.MILD: 1, Rating.MODERATE: 2, Rating.SEVERE: 3}


class Assessment(CaseVersion):
    case = models.ForeignKey(
        "people.Case",
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("ケース"),
    )
    assessed_on = models.DateField(_("実施日"))
    wishes = models.TextField(
        _("本人の希望（本人の言葉で）"),
        blank=True,
        help_text=_("本人が話した言葉をそのまま書きます。家族の希望は所見に書きます。"),
    )
    goals = models.TextField(
        _("自律に向けた目標（本人の言葉で）"),
        blank=True,
        help_text=_("本人が自分で決めた目標を、本人の言葉で書きます。"),
    )
    strengths = models.TextField(_("強み・できていること"), blank=True)
    summary = models.TextField(_("総合所見"), blank=True)

    SENSITIVITY = {
        **CaseVersion.VERSION_SENSITIVITY,
        "assessed_on": "O",
        "wishes": "S",
        "goals": "S",
        "strengths": "S",
        "summary": "S",
    }

    class Meta:
        verbose_name = _("アセスメント")
        verbose_name_plural = _("アセスメント")
        ordering = ["case", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="assessment_case_number")
        ]

    def __str__(self) -> str:
        return f"アセスメント 第{self.number}版"


class DomainRating(VersionPart):
    """One domain of one assessment version: its rating and notes."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    domain = models.CharField(_("領域"), max_length=30, choices=Domain.choices)
    # A rating of health or disability is itself 要配慮個人情報 (心身の状態).
    rating = models.CharField(
        _("評価"), max_length=20, choices=Rating.choices, default=Rating.UNKNOWN
    )
    notes = models.TextField(_("所見"), blank=True)

    VERSION_FIELD = "assessment"
    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "assessment": "O",
        "domain": "O",
        "rating": "S",
        "notes": "S",
    }

    class Meta:
        verbose_name = _("領域の評価")
        verbose_name_plural = _("領域の評価")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"], name="domainrating_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_domain_display()} #{self.pk}"
