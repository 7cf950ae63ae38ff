"""本人 (the person a case is about), with partial birth dates and merges."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tsunagu.jp.partial_dates import PartialDate
from tsunagu.tenancy.scoping import NO_NEEDS, NOTHING, TenantOwned, scope_subquery

if TYPE_CHECKING:
    from tsunagu.accounts.models import Membership, User


class Sex(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")
    OTHER = "other", _("その他")
    UNKNOWN = "unknown", _("不明・未把握")
    NOT_ANSWERED = "not_answered", _("回答しない")


class BirthPrecision(models.TextChoices):
    DAY = "day", _("年月日")
    MONTH = "month", _("年月まで")
    YEAR = "year", _("年まで")
    AGE = "age", _("年齢のみ")
    BAND = "band", _("年代のみ")
    UNKNOWN = "unknown", _("不明")


def whole_years(start: datetime.date, end: datetime.date) -> int:
    """Completed years from ``start`` to ``end`` (an age)."""
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


class Person(TenantOwned):
    """本人 (or any person a case is about). Names are stored exactly as typed; フリガナ in
    full-width katakana, phone in E.164 (see ``people.services``)."""

    family_name = models.CharField(_("姓"), max_length=60, blank=True)
    given_name = models.CharField(_("名"), max_length=60, blank=True)
    family_name_kana = models.CharField(_("姓（フリガナ）"), max_length=120, blank=True)
    given_name_kana = models.CharField(_("名（フリガナ）"), max_length=120, blank=True)
    nickname = models.CharField(_("呼び名・通称"), max_length=60, blank=True)
    sex = models.CharField(_("性別"), max_length=20, choices=Sex.choices, default=Sex.UNKNOWN)
    # A partial birth date: birth_date holds the first possible day for "month"/"year"
    # precision; "age" and "band" keep the stated age / decade with the date it was stated.
    birth_date = models.DateField(_("生年月日"), null=True, blank=True)
    birth_date_precision = models.CharField(
        _("生年月日の精度"),
        max_length=10,
        choices=BirthPrecision.choices,
        default=BirthPrecision.UNKNOWN,
    )
    stated_age = models.PositiveSmallIntegerField(_("年齢（聞き取り時）"), null=True, blank=True)
    age_band = models.PositiveSmallIntegerField(_("年代"), null=True, blank=True)
    age_as_of = models.DateField(_("年齢の時点"), null=True, blank=True)
    phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    address = models.CharField(_("住所"), max_length=200, blank=True)
    district = models.CharField(_("居住地区"), max_length=60, blank=True)
    contact_notes = models.TextField(_("連絡上の配慮"), blank=True)
    notes = models.TextField(_("特記事項"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("統合先"),
    )
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
        "sex": "P",
        "birth_date": "P",
        "birth_date_precision": "P",
        "stated_age": "P",
        "age_band": "P",
        "age_as_of": "P",
        "phone": "P",
        "address": "P",
        "district": "P",
        "contact_notes": "P",
        "notes": "S",
        "merged_into": "O",
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

    # Partial birth date ----------------------------------------------------------------
    @property
    def birth(self) -> PartialDate:
        """What is known of the birth date, as a PartialDate."""
        p, d = self.birth_date_precision, self.birth_date
        if p == BirthPrecision.DAY and d:
            return PartialDate.from_date(d)
        if p == BirthPrecision.MONTH and d:
            return PartialDate(d.year, d.month)
        if p == BirthPrecision.YEAR and d:
            return PartialDate(d.year)
        if p == BirthPrecision.AGE and self.stated_age is not None and self.age_as_of:
            return PartialDate(age=self.stated_age, age_as_of=self.age_as_of)
        if p == BirthPrecision.BAND and self.age_band is not None and self.age_as_of:
            return PartialDate(age_band=self.age_band, age_as_of=self.age_as_of)
        return PartialDate()

    def set_birth(self, partial: PartialDate) -> None:
        """Store a PartialDate in the birth fields (the inverse of :attr:`birth`)."""
        precision = partial.precision
        self.birth_date_precision = precision
        self.birth_date = partial.earliest() if precision in ("day", "month", "year") else None
        self.stated_age = partial.age
        self.age_band = partial.age_band
        self.age_as_of = partial.age_as_of

    @property
    def birth_display(self) -> str:
        return self.birth.display()

    def age_on(self, today: datetime.date) -> int | None:
        """The age the person has certainly reached on ``today`` (the lower bound), or None."""
        latest = self.birth.latest()
        if latest is None:
            return None
        return max(whole_years(latest, today), 0)

    def derive_keys(self) -> None:
        """Fill the derived fields (matching keys, birth precision) as a save does; called
        directly before a bulk_create, which does not call save()."""
        from tsunagu.jp.names import full_name_key, kana_key

        if self.birth_date and self.birth_date_precision == BirthPrecision.UNKNOWN:
            self.birth_date_precision = BirthPrecision.DAY
        self.name_key = full_name_key(self.family_name, self.given_name)
        self.kana_key = kana_key(self.family_name_kana + self.given_name_kana)

    def save(self, *args, **kwargs) -> None:
        self.derive_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            derived = {"name_key", "kana_key", "birth_date_precision", "updated_at"}
            kwargs["update_fields"] = sorted(set(update_fields) | derived)
        super().save(*args, **kwargs)

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        """The persons of the cases the membership sees, and the persons the user created."""
        Case = cls._meta.get_field(
            "cases"
        ).related_model  # not imported: cases.py imports this module
        if level == "municipality":
            return Q()
        if level == "own":
            return Q(created_by=user)
        visible_cases = Case.scope_q(level, user, membership, needs)
        if visible_cases is NOTHING:
            return NOTHING
        case_ids = scope_subquery(Case, visible_cases).values("person_id")
        return Q(pk__in=case_ids) | Q(created_by=user)


def not_merged(queryset: models.QuerySet) -> models.QuerySet:
    """Drop persons absorbed by a merge (they live on as their `merged_into` person).

    Every list or search of persons should pass its (scoped) queryset through this.
    """
    return queryset.filter(merged_into__isnull=True)
