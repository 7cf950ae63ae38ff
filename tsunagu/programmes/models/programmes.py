"""Programmes, their recurrence rules and their sessions: public, operational data (class O).

- ``Programme``: a group, family class, association meeting, 居場所, youth station, seminar,
  forum or 部会 of one municipality, run by exactly one of a window (``window``) or an
  organisation (``organization``: a family/persons' association runs its own). ``kind``
  (Kind), ``audience`` (本人向け/家族向け/どなたでも), eligibility (``age_min``/``age_max``,
  ``residents_only``), ``capacity`` (enrolled participants; None = no limit),
  ``requires_enrolment`` (False: an open event counted by head count), ``activities`` (the
  activity menu, a list of short strings), public texts (``description``, ``easy_summary`` in
  やさしい日本語, ``how_to_join``, ``visit_info`` for 見学・体験, ``accessibility``, ``contact``),
  what the open-data 「イベント一覧」 asks for (``name_kana``, ``name_en``, ``fee``/``fee_detail``,
  ``contact_phone`` in E.164 with ``contact_extension``, ``url``, ``parking``, and ``location``:
  a place of the resource directory giving the address and map pin), the default ``place``, holiday rules (``skip_holidays``, ``skip_year_end``), the waiting-list
  offer period (``offer_hours``) and ``is_published`` (shown on the public calendar).
- ``Schedule``: a recurrence rule of a programme (weekly on weekdays; monthly on the Nth
  weekdays, e.g. 2nd and 4th Saturday; monthly on a day), local start/end times, from
  ``starts_on`` until ``until`` (optional), optional place override. ``rrule()`` gives the
  dateutil rule and ``rrule_text()`` the RFC 5545 RRULE.
- ``ScheduleException``: a date the rule skips (お盆休み, a venue closure); a session already
  materialised on it is cancelled, never deleted.
- ``Session``: one materialised occurrence (``services.materialise``) or a one-off extra
  session (``schedule`` None, ``is_extra``). ``starts_at``/``ends_at`` are aware datetimes
  (Asia/Tokyo wall time); ``status`` scheduled/cancelled (+ ``cancel_reason``); ``uid`` is a
  UUID that never changes (iCalendar UID), ``sequence`` increases whenever the time, place or
  status changes (iCalendar SEQUENCE). ``(schedule, occurrence_date)`` is unique, so expanding
  a rule again never duplicates a session. ``municipality`` is the programme's (for filters).
  ``apply_until`` is the application deadline of a session that takes applications (a seminar).
  ``visitor_count`` (unnamed 見学・体験) and ``anonymous_count`` (head count of an open event)
  are staff-recorded aggregates, not for the public pages; ``attendance_taken_at`` marks that
  attendance was recorded (the session was held).
"""

from __future__ import annotations

import datetime
import uuid

from dateutil import rrule as du
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PERSONS_GROUP = "persons_group", _("当事者グループ")
    FAMILY_GROUP = "family_group", _("家族グループ・家族教室")
    FAMILY_ASSOCIATION = "family_association", _("家族会")
    IBASHO = "ibasho", _("居場所")
    PEER_ASSOCIATION = "peer_association", _("当事者会")
    YOUTH_STATION = "youth_station", _("若者支援拠点")
    SEMINAR = "seminar", _("セミナー・講演会")
    FORUM = "forum", _("フォーラム")
    COUNCIL = "council", _("部会・協議会")


class Audience(models.TextChoices):
    PERSON = "person", _("本人向け")
    FAMILY = "family", _("家族向け")
    ANYONE = "anyone", _("どなたでも")


class Fee(models.TextChoices):
    FREE = "free", _("無料")
    PAID = "paid", _("有料")


class Programme(models.Model):
    municipality = models.ForeignKey(
        "tenancy.Municipality",
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("自治体"),
    )
    slug = models.SlugField(_("識別名"), max_length=60)
    name = models.CharField(_("名称"), max_length=120)
    name_kana = models.CharField(_("名称（カナ）"), max_length=120, blank=True)
    name_en = models.CharField(_("名称（英語）"), max_length=120, blank=True)
    kind = models.CharField(_("種類"), max_length=30, choices=Kind.choices)
    audience = models.CharField(_("対象"), max_length=10, choices=Audience.choices)
    window = models.ForeignKey(
        "tenancy.Window",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("運営する窓口"),
    )
    organization = models.ForeignKey(
        "tenancy.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("運営する団体"),
    )
    description = models.TextField(_("内容"), blank=True)
    easy_summary = models.TextField(_("やさしい日本語の説明"), blank=True)
    activities = models.JSONField(_("活動メニュー"), default=list, blank=True)
    age_min = models.PositiveSmallIntegerField(_("対象年齢（下限）"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("対象年齢（上限）"), null=True, blank=True)
    residents_only = models.BooleanField(_("市区町村内在住の方に限る"), default=False)
    requires_enrolment = models.BooleanField(_("参加登録が必要"), default=True)
    capacity = models.PositiveSmallIntegerField(_("定員"), null=True, blank=True)
    offer_hours = models.PositiveSmallIntegerField(
        _("空き枠のご案内の回答期限（時間）"), default=72
    )
    place = models.CharField(_("場所"), max_length=200, blank=True)
    location = models.ForeignKey(
        "resources.Location",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("所在地（社会資源の場所）"),
    )
    parking = models.CharField(_("駐車場"), max_length=200, blank=True)
    fee = models.CharField(_("料金"), max_length=10, choices=Fee.choices, blank=True)
    fee_detail = models.CharField(_("料金（詳細）"), max_length=200, blank=True)
    accessibility = models.TextField(_("バリアフリー・配慮の情報"), blank=True)
    how_to_join = models.TextField(_("参加の方法"), blank=True)
    visit_info = models.TextField(_("見学・体験について"), blank=True)
    contact = models.CharField(_("問い合わせ先"), max_length=200, blank=True)
    contact_phone = models.CharField(
        _("問い合わせ先の電話番号（E.164）"), max_length=20, blank=True
    )
    contact_extension = models.CharField(_("内線番号"), max_length=10, blank=True)
    url = models.URLField(_("ホームページ"), max_length=300, blank=True)
    skip_holidays = models.BooleanField(_("祝日は休み"), default=True)
    skip_year_end = models.BooleanField(_("年末年始（12/29〜1/3）は休み"), default=True)
    is_published = models.BooleanField(_("公開"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="programme_slug_unique"),
            models.CheckConstraint(
                condition=Q(window__isnull=True, organization__isnull=False)
                | Q(window__isnull=False, organization__isnull=True),
                name="programme_run_by_one",
            ),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_min__lte=models.F("age_max")),
                name="programme_age_order",
            ),
        ]
        verbose_name = _("プログラム")
        verbose_name_plural = _("プログラム")

    def __str__(self) -> str:
        return self.name

    @property
    def runner(self):
        """The window or organisation that runs the programme."""
        return self.window or self.organization

    def is_run_by_organization(self) -> bool:
        return self.organization_id is not None

    def age_range_label(self) -> str:
        if self.age_min is None and self.age_max is None:
            return str(_("年齢を問わず"))
        if self.age_max is None:
            return str(_("%(min)s歳以上")) % {"min": self.age_min}
        if self.age_min is None:
            return str(_("%(max)s歳まで")) % {"max": self.age_max}
        return str(_("おおむね%(min)s歳〜%(max)s歳")) % {"min": self.age_min, "max": self.age_max}


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("毎週")
    MONTHLY_NTH = "monthly_nth", _("毎月（第N週の曜日）")
    MONTHLY_DAY = "monthly_day", _("毎月（日付）")


WEEKDAY_LABELS = ("月", "火", "水", "木", "金", "土", "日")
_DU_WEEKDAYS = (du.MO, du.TU, du.WE, du.TH, du.FR, du.SA, du.SU)
_ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class Schedule(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="schedules", verbose_name=_("プログラム")
    )
    label = models.CharField(_("名前"), max_length=60, blank=True)
    frequency = models.CharField(_("繰り返し"), max_length=20, choices=Frequency.choices)
    interval = models.PositiveSmallIntegerField(_("間隔"), default=1)
    weekdays = models.JSONField(_("曜日"), default=list, blank=True)  # 0 = 月曜 … 6 = 日曜
    week_numbers = models.JSONField(_("第N週"), default=list, blank=True)  # 1–5, -1 = 最終
    month_day = models.PositiveSmallIntegerField(_("日付"), null=True, blank=True)
    starts_on = models.DateField(_("開始日"))
    until = models.DateField(_("終了日"), null=True, blank=True)
    start_time = models.TimeField(_("開始時刻"))
    end_time = models.TimeField(_("終了時刻"))
    place = models.CharField(_("場所（プログラムと違う場合）"), max_length=200, blank=True)
    is_active = models.BooleanField(_("有効"), default=True)

    class Meta:
        ordering = ["programme_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__lt=models.F("end_time")), name="schedule_time_order"
            ),
        ]
        verbose_name = _("開催の予定（繰り返し）")
        verbose_name_plural = _("開催の予定（繰り返し）")

    def __str__(self) -> str:
        return self.describe()

    def rrule(self, dtstart: datetime.datetime | None = None) -> du.rrule:
        """The dateutil rule (on dates at the local start time; naive, Asia/Tokyo wall time)."""
        start = dtstart or datetime.datetime.combine(self.starts_on, self.start_time)
        until = datetime.datetime.combine(self.until, self.start_time) if self.until else None
        days = [_DU_WEEKDAYS[d] for d in self.weekdays]
        if self.frequency == Frequency.WEEKLY:
            return du.rrule(
                du.WEEKLY, interval=self.interval, byweekday=days, dtstart=start, until=until
            )
        if self.frequency == Frequency.MONTHLY_NTH:
            nth = [day(n) for day in days for n in self.week_numbers]
            return du.rrule(
                du.MONTHLY, interval=self.interval, byweekday=nth, dtstart=start, until=until
            )
        return du.rrule(
            du.MONTHLY,
            interval=self.interval,
            bymonthday=self.month_day,
            dtstart=start,
            until=until,
        )

    def rrule_text(self) -> str:
        """RFC 5545 RRULE value, e.g. ``FREQ=MONTHLY;BYDAY=2SA,4SA``."""
        parts = ["FREQ=WEEKLY" if self.frequency == Frequency.WEEKLY else "FREQ=MONTHLY"]
        if self.interval != 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.frequency == Frequency.WEEKLY:
            parts.append("BYDAY=" + ",".join(_ICAL_DAYS[d] for d in self.weekdays))
        elif self.frequency == Frequency.MONTHLY_NTH:
            byday = [f"{n}{_ICAL_DAYS[d]}" for d in self.weekdays for n in self.week_numbers]
            parts.append("BYDAY=" + ",".join(byday))
        else:
            parts.append(f"BYMONTHDAY={self.month_day}")
        if self.until:
            parts.append(f"UNTIL={self.until:%Y%m%d}")
        return ";".join(parts)

    def describe(self) -> str:
        """「毎週 火曜 13:30〜15:30」「毎月 第2・第4 土曜 14:00〜16:00」."""
        days = "・".join(WEEKDAY_LABELS[d] for d in self.weekdays)
        times = f"{self.start_time:%H:%M}〜{self.end_time:%H:%M}"
        every = "隔週" if self.frequency == Frequency.WEEKLY and self.interval == 2 else None
        if self.frequency == Frequency.WEEKLY:
            return f"{every or '毎週'} {days}曜 {times}"
        prefix = "毎月" if self.interval == 1 else f"{self.interval}か月ごと"
        if self.frequency == Frequency.MONTHLY_NTH:
            nths = "・".join("最終" if n == -1 else f"第{n}" for n in self.week_numbers)
            return f"{prefix} {nths} {days}曜 {times}"
        return f"{prefix} {self.month_day}日 {times}"


class ScheduleException(models.Model):
    schedule = models.ForeignKey(
        Schedule, on_delete=models.CASCADE, related_name="exceptions", verbose_name=_("予定")
    )
    date = models.DateField(_("日付"))
    reason = models.CharField(_("理由"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "date"], name="schedule_exception_unique"),
        ]
        verbose_name = _("予定の休み")
        verbose_name_plural = _("予定の休み")

    def __str__(self) -> str:
        return f"{self.date} {self.reason}"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("開催予定")
    CANCELLED = "cancelled", _("中止")


class Session(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("プログラム")
    )
    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("自治体")
    )
    schedule = models.ForeignKey(
        Schedule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("予定"),
    )
    occurrence_date = models.DateField(_("予定の日付"))
    uid = models.UUIDField(_("UID"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("版"), default=0)
    starts_at = models.DateTimeField(_("開始"))
    ends_at = models.DateTimeField(_("終了"))
    status = models.CharField(
        _("状態"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    cancel_reason = models.CharField(_("中止の理由"), max_length=200, blank=True)
    is_extra = models.BooleanField(_("臨時の回"), default=False)
    title = models.CharField(_("テーマ"), max_length=120, blank=True)
    place = models.CharField(_("場所"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("定員（この回）"), null=True, blank=True)
    note = models.CharField(_("お知らせ"), max_length=300, blank=True)
    apply_until = models.DateTimeField(_("申込の締切"), null=True, blank=True)
    visitor_count = models.PositiveSmallIntegerField(_("見学・体験（人数）"), default=0)
    anonymous_count = models.PositiveSmallIntegerField(_("参加者数（名前なし）"), default=0)
    attendance_taken_at = models.DateTimeField(_("出欠の記録"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "occurrence_date"],
                condition=Q(schedule__isnull=False),
                name="session_occurrence_unique",
            ),
            models.CheckConstraint(
                condition=Q(starts_at__lt=models.F("ends_at")), name="session_time_order"
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "starts_at"], name="session_muni_start"),
            models.Index(fields=["programme", "starts_at"], name="session_prog_start"),
        ]
        verbose_name = _("開催回")
        verbose_name_plural = _("開催回")

    def __str__(self) -> str:
        return f"{self.programme} {self.occurrence_date}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @property
    def effective_capacity(self) -> int | None:
        return self.capacity if self.capacity is not None else self.programme.capacity
