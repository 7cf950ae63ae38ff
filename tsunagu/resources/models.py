"""The resource directory (社会資源): Open Referral HSDS 3.0 shapes with a Japanese profile.

HSDS tables kept as models (UUID ids, HSDS field names where they exist): Service, Location,
ServiceAtLocation, Schedule, Phone, Contact. The HSDS Organization is tenancy.Organization (the
same 関係機関・団体 staff refer cases to); the taxonomy of fields (分野: 保健医療, 福祉・居場所, 就労,
教育 …, configured per municipality) is `Field`. Eligibility ages and cost live on Service, as in
HSDS 3.0 (minimum_age/maximum_age, fees_description + one cost option).

Japanese profile: the municipality (地方公共団体コード), a kana reading (`name_kana`), a
やさしい日本語 summary (`summary_easy`), and a location that hides its exact address
(`hide_exact_address`: only the town/area is shown, and it gets no map pin).

A 相談窓口 is a resource too: a Service with `window` set *is* that window in the directory. Its
name and ages are kept in step with the window (signals.py), its address, phone and hours are
read from the window; only what the window lacks (field, kana, やさしい日本語, cost) is its own.

Public, operational data: no personal data (tests/test_personal_data_registry.py NOT_PERSONAL).
"""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tsunagu.tenancy.models import Municipality, Organization, Window

# Ids of the HSDS records we derive (taxonomy, and a window's phone/location/schedules) are
# uuid5 names under this namespace, so they stay the same from one request to the next.
HSDS_NAMESPACE = uuid.UUID("6f1d3c9e-4c55-4d8e-9d6b-1a0e7c3b5a21")
MAX_AGE = 120


def parse_id(value: object) -> uuid.UUID | None:
    """A record id from a URL (a UUID), or None for anything else (the page answers 404)."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def derived_id(*parts: object) -> str:
    return str(uuid.uuid5(HSDS_NAMESPACE, "/".join(str(p) for p in parts)))


class Field(models.Model):
    """分野: a term of the municipality's field taxonomy (HSDS taxonomy_term)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="resource_fields"
    )
    code = models.SlugField(_("識別名"), max_length=40)
    name = models.CharField(_("分野名"), max_length=40)
    name_en = models.CharField(_("分野名（英語）"), max_length=60, blank=True)
    description = models.CharField(_("説明"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        ordering = ["municipality__code", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="resource_field_code"),
        ]
        verbose_name = _("分野")
        verbose_name_plural = _("分野")

    def __str__(self) -> str:
        return self.name

    def label(self, language: str = "ja") -> str:
        return self.name_en if language == "en" and self.name_en else self.name

    @property
    def shown_name(self) -> str:
        """The name in the page's language (English when one is given)."""
        return self.label(get_language() or "ja")


class Location(models.Model):
    """A place (HSDS location + its one address). 東京都 = state_province, the municipality =
    city, 町域以下 = address_1, 建物 = address_2."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="resource_locations"
    )
    name = models.CharField(_("場所の名称"), max_length=120, blank=True)
    postal_code = models.CharField(_("郵便番号"), max_length=7, blank=True)
    address_1 = models.CharField(_("町域・番地"), max_length=200, blank=True)
    address_2 = models.CharField(_("建物名"), max_length=100, blank=True)
    area_label = models.CharField(_("地区（所在地を伏せるときに表示）"), max_length=60, blank=True)
    hide_exact_address = models.BooleanField(
        _("所在地を伏せる"),
        default=False,
        help_text=_(
            "居場所など、正確な所在地を公開しない場所。地区名だけを表示し、地図に載せません。"
        ),
    )
    latitude = models.DecimalField(_("緯度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        _("経度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    transportation = models.CharField(_("交通・アクセス"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality__code", "name"]
        verbose_name = _("場所")
        verbose_name_plural = _("場所")

    def __str__(self) -> str:
        return self.name or self.address_1 or str(self.municipality)

    def shown_address(self) -> str:
        """What the public sees: the full address, or only the area when it is hidden."""
        city = self.municipality.name
        if self.hide_exact_address:
            return f"{city}{self.area_label}" if self.area_label else city
        return f"{city}{self.address_1}{(' ' + self.address_2) if self.address_2 else ''}"

    @property
    def has_pin(self) -> bool:
        return (
            not self.hide_exact_address and self.latitude is not None and self.longitude is not None
        )


class Service(models.Model):
    """A service (HSDS service): what a person can use, with whom, for whom, at what cost."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("実施中")
        INACTIVE = "inactive", _("休止中")
        DEFUNCT = "defunct", _("終了")
        TEMPORARILY_CLOSED = "temporarily closed", _("一時休止")

    class Cost(models.TextChoices):
        UNKNOWN = "", _("記載なし")
        FREE = "free", _("無料")
        PAID = "paid", _("有料")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="resource_services"
    )
    window = models.OneToOneField(
        Window,
        verbose_name=_("相談窓口"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="directory_service",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("運営団体"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resource_services",
    )
    field = models.ForeignKey(
        Field, verbose_name=_("分野"), on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(_("名称"), max_length=120)
    name_kana = models.CharField(_("よみがな"), max_length=120, blank=True)
    description = models.TextField(_("説明"), blank=True)
    summary_easy = models.TextField(_("やさしい日本語の説明"), blank=True)
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    eligibility_description = models.CharField(_("対象"), max_length=300, blank=True)
    minimum_age = models.PositiveSmallIntegerField(
        _("対象年齢（下限）"), null=True, blank=True, validators=[MaxValueValidator(MAX_AGE)]
    )
    maximum_age = models.PositiveSmallIntegerField(
        _("対象年齢（上限）"), null=True, blank=True, validators=[MaxValueValidator(MAX_AGE)]
    )
    cost = models.CharField(_("費用"), max_length=4, choices=Cost.choices, blank=True)
    fees_description = models.CharField(_("費用の説明"), max_length=200, blank=True)
    application_process = models.CharField(_("利用の方法"), max_length=300, blank=True)
    url = models.URLField(_("ウェブサイト"), blank=True)
    email = models.EmailField(_("メール"), blank=True)
    is_public = models.BooleanField(_("公開"), default=True)
    # The normalised text free-text search matches (tsunagu.jp.search_key of the names,
    # descriptions, field and area), written by services.refresh_search_text.
    search_text = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality__code", "field__order", "name_kana", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_age__isnull=True)
                | models.Q(maximum_age__isnull=True)
                | models.Q(minimum_age__lte=models.F("maximum_age")),
                name="resource_service_age_order",
            ),
        ]
        verbose_name = _("社会資源")
        verbose_name_plural = _("社会資源")

    def __str__(self) -> str:
        return self.name

    def age_range_label(self) -> str:
        low, high = self.minimum_age, self.maximum_age
        if low is None and high is None:
            return str(_("年齢を問わず"))
        if high is None:
            return str(_("%(min)s歳以上")) % {"min": low}
        if low is None:
            return str(_("%(max)s歳まで")) % {"max": high}
        return str(_("%(min)s歳〜%(max)s歳")) % {"min": low, "max": high}


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="services_at")
    description = models.CharField(_("この場所での説明"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="resource_sal_unique"),
        ]
        verbose_name = _("実施場所")
        verbose_name_plural = _("実施場所")

    def __str__(self) -> str:
        return f"{self.service} @ {self.location}"


class Schedule(models.Model):
    """When the service runs: a weekly or monthly RRULE subset (HSDS schedule) with its text
    for people (「毎週水曜 10:00〜15:00」, 「第2土曜」)."""

    class Freq(models.TextChoices):
        WEEKLY = "WEEKLY", _("毎週")
        MONTHLY = "MONTHLY", _("毎月")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    freq = models.CharField(_("くり返し"), max_length=7, choices=Freq.choices, blank=True)
    byday = models.CharField(_("曜日（RRULE の BYDAY）"), max_length=40, blank=True)
    opens_at = models.TimeField(_("開始"), null=True, blank=True)
    closes_at = models.TimeField(_("終了"), null=True, blank=True)
    description = models.CharField(_("日時"), max_length=200)

    class Meta:
        ordering = ["description"]
        verbose_name = _("日時")
        verbose_name_plural = _("日時")

    def __str__(self) -> str:
        return self.description


class Phone(models.Model):
    class Type(models.TextChoices):
        VOICE = "voice", _("電話")
        FAX = "fax", _("FAX")
        TEXT = "text", _("SMS")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(_("電話番号（E.164）"), max_length=20)
    type = models.CharField(_("種類"), max_length=5, choices=Type.choices, default=Type.VOICE)
    description = models.CharField(_("説明"), max_length=100, blank=True)

    class Meta:
        ordering = ["type", "number"]
        verbose_name = _("電話番号")
        verbose_name_plural = _("電話番号")

    def __str__(self) -> str:
        return self.number


class Contact(models.Model):
    """A named contact point of a service (a 担当課, a 担当者の役職): public information only."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("名称"), max_length=60, blank=True)
    title = models.CharField(_("役職"), max_length=60, blank=True)
    department = models.CharField(_("担当部署"), max_length=100, blank=True)
    email = models.EmailField(_("メール"), blank=True)
    phone = models.CharField(_("電話番号（E.164）"), max_length=20, blank=True)

    class Meta:
        ordering = ["department", "name"]
        verbose_name = _("問い合わせ先")
        verbose_name_plural = _("問い合わせ先")

    def __str__(self) -> str:
        return self.department or self.name
