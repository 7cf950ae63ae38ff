"""Who runs support where: prefectures, municipalities, their windows and partner organisations.

These are public, operational records (sensitivity O). Personal data lives in models built on
`tsunagu.tenancy.scoping.TenantOwned`.
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from tsunagu.core.columns import columns_besides

from .codes import validate_municipality_code


class Prefecture(models.Model):
    code = models.CharField(_("都道府県コード"), max_length=2, unique=True)
    name = models.CharField(_("名称"), max_length=20)

    class Meta:
        ordering = ["code"]
        verbose_name = _("都道府県")
        verbose_name_plural = _("都道府県")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    prefecture = models.ForeignKey(
        Prefecture, on_delete=models.PROTECT, related_name="municipalities"
    )
    code = models.CharField(
        _("地方公共団体コード"), max_length=6, unique=True, validators=[validate_municipality_code]
    )
    name = models.CharField(_("名称"), max_length=40)
    name_kana = models.CharField(_("よみがな"), max_length=80, blank=True)
    website = models.URLField(_("ウェブサイト"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("自治体")
        verbose_name_plural = _("自治体")

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    VISIT_IN = "in_person", _("来所・面接")
    PHONE = "phone", _("電話")
    ONLINE = "online", _("オンライン")
    EMAIL = "email", _("メール")
    LINE = "line", _("LINE等")
    OUTREACH = "outreach", _("訪問（アウトリーチ）")


class Window(models.Model):
    """相談窓口: a place where a first consultation is taken."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("包括的相談窓口")
        CHILDREN = "children", _("子ども・家庭の相談窓口")
        HEALTH = "health", _("保健所・保健センター")
        WELFARE = "welfare", _("福祉の総合相談窓口")
        LIVELIHOOD = "livelihood", _("生活困窮者自立相談支援")
        YOUTH = "youth", _("若者支援")
        CONTRACTED = "contracted", _("委託相談支援")
        OTHER = "other", _("その他")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="windows")
    slug = models.SlugField(_("識別名"), max_length=60)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("種別"), max_length=20, choices=Kind.choices)
    operator = models.ForeignKey(
        "Organization",
        verbose_name=_("運営団体"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="operated_windows",
    )
    description = models.TextField(_("説明"), blank=True)
    summary_easy = models.TextField(
        _("やさしい日本語の説明"),
        blank=True,
        help_text=_(
            "短い文・ふりがなのいらない言葉で書いた説明。公開サイトで「やさしい日本語」を"
            "選んだ人に、説明の代わりに表示します。"
        ),
    )
    postal_code = models.CharField(_("郵便番号"), max_length=7, blank=True)
    address = models.CharField(_("住所"), max_length=200, blank=True)
    phone = models.CharField(_("電話番号（E.164）"), max_length=20, blank=True)
    contact_is_sample = models.BooleanField(
        _("住所・電話番号はサンプル"),
        default=False,
        help_text=_("デモ用の架空の住所・電話番号であることを画面に表示します。"),
    )
    channels = models.JSONField(_("相談方法"), default=list, blank=True)
    age_min = models.PositiveSmallIntegerField(_("対象年齢（下限）"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("対象年齢（上限）"), null=True, blank=True)
    does_outreach = models.BooleanField(_("訪問支援（アウトリーチ）"), default=False)
    closed_on_holidays = models.BooleanField(_("祝日は休み"), default=True)
    closed_year_end = models.BooleanField(_("年末年始（12/29〜1/3）は休み"), default=True)
    is_public = models.BooleanField(_("公開"), default=True)

    class Meta:
        ordering = ["municipality__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="window_slug_unique"),
        ]
        verbose_name = _("相談窓口")
        verbose_name_plural = _("相談窓口")

    def __str__(self) -> str:
        return self.name

    def serves_age(self, age: int | None) -> bool:
        if age is None:
            return True
        if self.age_min is not None and age < self.age_min:
            return False
        return not (self.age_max is not None and age > self.age_max)

    def age_range_label(self) -> str:
        if self.age_min is None and self.age_max is None:
            return str(_("年齢を問わず"))
        if self.age_max is None:
            return str(_("%(min)s歳以上")) % {"min": self.age_min}
        if self.age_min is None:
            return str(_("%(max)s歳まで")) % {"max": self.age_max}
        return str(_("%(min)s歳〜%(max)s歳")) % {"min": self.age_min, "max": self.age_max}

    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels.get(c, c)) for c in self.channels]


def unnamed_window_fields(*relations: str) -> list[str]:
    """For ``QuerySet.defer()``: the Window columns a page that only names a related window
    (its name, link, municipality) does not need, across these select_related relations."""
    return columns_besides(Window, ("id", "municipality", "slug", "name"), *relations)


class OpeningHours(models.Model):
    """Weekly pattern: one row per weekday and period (a window may open twice a day)."""

    class Weekday(models.IntegerChoices):
        MON = 0, _("月")
        TUE = 1, _("火")
        WED = 2, _("水")
        THU = 3, _("木")
        FRI = 4, _("金")
        SAT = 5, _("土")
        SUN = 6, _("日")

    window = models.ForeignKey(Window, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("曜日"), choices=Weekday.choices)
    opens = models.TimeField(_("開始"))
    closes = models.TimeField(_("終了"))

    class Meta:
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")), name="opening_hours_order"
            ),
        ]
        verbose_name = _("受付時間")
        verbose_name_plural = _("受付時間")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class OpeningException(models.Model):
    """A dated exception: a closure, an extra opening such as a Saturday session, or a
    出張相談 (a session held somewhere else: `place`). Written by tenancy.window_admin."""

    class Kind(models.TextChoices):
        CLOSED = "closed", _("休み")
        EXTRA = "extra", _("臨時・土曜の開所")
        OUTREACH = "outreach", _("出張相談")

    window = models.ForeignKey(Window, on_delete=models.CASCADE, related_name="opening_exceptions")
    date = models.DateField(_("日付"))
    kind = models.CharField(_("種類"), max_length=10, choices=Kind.choices, default=Kind.CLOSED)
    is_closed = models.BooleanField(_("休み"), default=True)
    place = models.CharField(_("場所（出張相談）"), max_length=200, blank=True)
    opens = models.TimeField(_("開始"), null=True, blank=True)
    closes = models.TimeField(_("終了"), null=True, blank=True)
    note = models.CharField(_("備考"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("臨時の休み・開所")
        verbose_name_plural = _("臨時の休み・開所")

    def __str__(self) -> str:
        return f"{self.date} {'休み' if self.is_closed else '開所'}"


class Organization(models.Model):
    """関係機関: partner agencies, contractors, family and persons' associations."""

    class Type(models.TextChoices):
        AGENCY = "agency", _("関係機関")
        CONTRACTOR = "contractor", _("委託事業者")
        FAMILY_ASSOCIATION = "family_association", _("家族会")
        PEER_ASSOCIATION = "peer_association", _("当事者会")
        SOCIAL_WELFARE_COUNCIL = "swc", _("社会福祉協議会")
        NPO = "npo", _("NPO")
        MEDICAL = "medical", _("医療機関")
        MUNICIPAL_DEPARTMENT = "department", _("庁内部署")
        YOUTH_STATION = "youth_station", _("若者支援機関")
        OTHER = "other", _("その他")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="organizations"
    )
    slug = models.SlugField(_("識別名"), max_length=60)
    name = models.CharField(_("名称"), max_length=120)
    org_type = models.CharField(_("種別"), max_length=30, choices=Type.choices)
    description = models.TextField(_("説明"), blank=True)
    website = models.URLField(_("ウェブサイト"), blank=True)
    is_public = models.BooleanField(_("公開"), default=True)

    class Meta:
        ordering = ["municipality__code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="organization_slug_unique"
            ),
        ]
        verbose_name = _("関係機関・団体")
        verbose_name_plural = _("関係機関・団体")

    def __str__(self) -> str:
        return self.name


def window_is_open_on(window: Window, day: datetime.date) -> bool:
    """Whether the window takes consultations on this date (holidays and exceptions included)."""
    from tsunagu.jp.calendar import is_public_holiday, is_year_end_closure

    exceptions = [e for e in window.opening_exceptions.all() if e.date == day]
    if exceptions:
        return not exceptions[0].is_closed
    if window.closed_year_end and is_year_end_closure(day):
        return False
    if window.closed_on_holidays and is_public_holiday(day):
        return False
    return any(h.weekday == day.weekday() for h in window.opening_hours.all())


def window_hours_on(
    window: Window, day: datetime.date
) -> list[tuple[datetime.time, datetime.time]]:
    """The periods (opens, closes) the window takes consultations on this date, after holidays,
    the year-end closure and dated exceptions (an extra opening with its own hours replaces the
    weekly pattern for that day). Uses prefetched `opening_hours`/`opening_exceptions`."""
    if not window_is_open_on(window, day):
        return []
    for exception in window.opening_exceptions.all():
        if exception.date == day and exception.opens and exception.closes:
            return [(exception.opens, exception.closes)]
    return [(h.opens, h.closes) for h in window.opening_hours.all() if h.weekday == day.weekday()]


def is_open_during(hours: list[tuple[datetime.time, datetime.time]], now: datetime.time) -> bool:
    """Whether `now` falls in one of the periods of a day (`window_hours_on`)."""
    return any(opens <= now < closes for opens, closes in hours)


def window_is_open_at(window: Window, moment: datetime.datetime) -> bool:
    """Whether the window is open at this moment (local Asia/Tokyo time)."""
    from django.utils import timezone

    local = timezone.localtime(moment)
    return is_open_during(window_hours_on(window, local.date()), local.time())
