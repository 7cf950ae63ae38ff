"""世帯 (household / genogram) of a person, and the per-municipality casework settings."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tsunagu.core.fixed_query import FixedQuery
from tsunagu.tenancy.scoping import NO_NEEDS, TenantOwned, scoped_through

from .persons import Person, whole_years

if TYPE_CHECKING:
    from tsunagu.accounts.models import Membership, User


class Relation(models.TextChoices):
    """続柄 (relation to the person), domain notes §1.2 B."""

    SELF = "self", _("本人")
    MOTHER = "mother", _("母")
    FATHER = "father", _("父")
    SIBLING = "sibling", _("きょうだい")
    SPOUSE = "spouse", _("配偶者")
    CHILD = "child", _("子")
    GRANDPARENT = "grandparent", _("祖父母")
    OTHER_RELATIVE = "other_relative", _("その他親族")
    COMMISSIONER = "commissioner", _("民生委員・児童委員")
    AGENCY = "agency", _("関係機関職員")
    NEIGHBOUR = "neighbour", _("近隣・知人")
    OTHER = "other", _("その他")
    UNKNOWN = "unknown", _("不明")


PARENT_RELATIONS = frozenset({Relation.MOTHER, Relation.FATHER})


class CareLevel(models.TextChoices):
    """要介護度."""

    NONE = "none", _("なし（非該当）")
    SUPPORT_1 = "support1", _("要支援1")
    SUPPORT_2 = "support2", _("要支援2")
    CARE_1 = "care1", _("要介護1")
    CARE_2 = "care2", _("要介護2")
    CARE_3 = "care3", _("要介護3")
    CARE_4 = "care4", _("要介護4")
    CARE_5 = "care5", _("要介護5")
    APPLYING = "applying", _("申請中")
    UNKNOWN = "unknown", _("不明")


class Employment(models.TextChoices):
    """仕事 (domain notes §1.2 H, the 自立相談支援 B票 list)."""

    REGULAR = "regular", _("正社員・公務員")
    NON_REGULAR = "non_regular", _("臨時職員・パート・アルバイト・派遣社員")
    SELF_EMPLOYED = "self_employed", _("自営業・家族従業者・内職")
    PENSION = "pension", _("年金生活")
    UNEMPLOYED = "unemployed", _("失業・休職中")
    STUDENT = "student", _("学生")
    HOMEMAKER = "homemaker", _("家事")
    NONE = "none", _("無職")
    OTHER = "other", _("その他")
    UNKNOWN = "unknown", _("不明")


class Household(TenantOwned):
    """The household (genogram) around one person of concern; relations are to that person."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="households", verbose_name=_("本人")
    )
    note = models.TextField(_("世帯の状況"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "person": "P",
        "note": "S",
        "created_by": "O",
        "created_at": "O",
        "updated_at": "O",
    }

    class Meta:
        verbose_name = _("世帯")
        verbose_name_plural = _("世帯")

    def __str__(self) -> str:
        return f"世帯 #{self.pk}"

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        return scoped_through(Person, "person", level, user, membership, needs)


class HouseholdMember(TenantOwned):
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="members", verbose_name=_("世帯")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="household_memberships",
        verbose_name=_("本人記録"),
    )
    name = models.CharField(_("氏名・呼び名"), max_length=120, blank=True)
    relation = models.CharField(
        _("続柄"), max_length=20, choices=Relation.choices, default=Relation.UNKNOWN
    )
    age = models.PositiveSmallIntegerField(_("年齢"), null=True, blank=True)
    age_as_of = models.DateField(_("年齢の時点"), null=True, blank=True)
    living_together = models.BooleanField(_("同居"), default=True)
    care_level = models.CharField(
        _("要介護度"), max_length=20, choices=CareLevel.choices, default=CareLevel.UNKNOWN
    )
    health_note = models.TextField(_("健康・介護の状況"), blank=True)
    employment = models.CharField(
        _("就労"), max_length=20, choices=Employment.choices, default=Employment.UNKNOWN
    )
    note = models.TextField(_("備考"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "household": "O",
        "person": "P",
        "name": "P",
        "relation": "P",
        "age": "P",
        "age_as_of": "P",
        "living_together": "P",
        "care_level": "S",
        "health_note": "S",
        "employment": "P",
        "note": "S",
        "created_at": "O",
        "updated_at": "O",
    }

    class Meta:
        verbose_name = _("世帯員")
        verbose_name_plural = _("世帯員")

    def __str__(self) -> str:
        return f"{self.get_relation_display()} #{self.pk}"

    def age_on(self, today: datetime.date) -> int | None:
        """The recorded age, grown by the whole years since it was recorded."""
        if self.age is None:
            return None
        if self.age_as_of is None:
            return self.age
        return self.age + max(whole_years(self.age_as_of, today), 0)

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        return scoped_through(Household, "household", level, user, membership, needs)


class CaseworkSettings(models.Model):
    """Per-municipality casework settings (operational, no personal data)."""

    municipality = models.OneToOneField(
        "tenancy.Municipality",
        on_delete=models.CASCADE,
        related_name="casework_settings",
        verbose_name=_("自治体"),
    )
    parent_age_threshold = models.PositiveSmallIntegerField(_("8050: 親の年齢（以上）"), default=70)
    person_age_threshold = models.PositiveSmallIntegerField(
        _("8050: 本人の年齢（以上）"), default=40
    )
    require_living_together = models.BooleanField(_("8050: 同居の親に限る"), default=True)
    no_contact_days = models.PositiveSmallIntegerField(
        _("接触のないケースとして知らせるまでの日数"),
        default=30,
        help_text=_(
            "最後の支援記録（記録がなければ受付日）からこの日数が過ぎた、終結していないケース"
        ),
    )

    class Meta:
        verbose_name = _("ケースワーク設定")
        verbose_name_plural = _("ケースワーク設定")

    def __str__(self) -> str:
        return f"ケースワーク設定 #{self.pk}"

    @classmethod
    def for_municipality(cls, municipality_id: int) -> CaseworkSettings:
        """The municipality's settings, or the defaults (unsaved) when none were stored."""
        found = _SETTINGS.fetch(municipality_id=municipality_id)
        return found[0] if found else cls(municipality_id=municipality_id)


def _settings(municipality_id: int) -> models.QuerySet:
    return CaseworkSettings.objects.filter(municipality_id=municipality_id).order_by("pk")[:1]


_SETTINGS = FixedQuery(_settings, municipality_id=int)  # on every case and person page
