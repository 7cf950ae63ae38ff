"""Consultation booking: availability rules (configuration, public), the seats of a slot (no
people) and the bookings themselves (personal data).

- ``AvailabilityRule``: what a window (or one counsellor of it) offers for booking: weekly hours,
  dated overrides (a Saturday pop-up session, a 出張個別相談会 at a named place, a closure), the
  modes (来所・オンライン・電話), slot length, the buffer after each slot, minimum notice, the
  booking horizon, capacity (people per slot), holidays and the year-end closure, and the cut-off
  for a visitor's own cancel and reschedule.
- ``SlotSeat``: one taken seat of one slot. The unique constraint (rule, start, seat) is what
  makes two people unable to get the same last seat, whatever the timing: the second insert
  fails in the database. It names no person, so the public pages may count seats.
- ``Booking``: who booked (a nickname, a contact, who is consulting, a short note); the manage
  link's token is stored as a hash only.
- ``BookingMessage``: every e-mail sent for a booking, with its outcome (failures are shown to
  staff on /staff/bookings/).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tsunagu.tenancy.scoping import NO_NEEDS, NOTHING, TenantOwned, scoped_through

if TYPE_CHECKING:
    from tsunagu.accounts.models import Membership, User


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("来所")
    ONLINE = "online", _("オンライン")
    PHONE = "phone", _("電話")


class AvailabilityRule(models.Model):
    window = models.ForeignKey(
        "tenancy.Window",
        on_delete=models.PROTECT,
        related_name="availability_rules",
        verbose_name=_("相談窓口"),
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("担当の相談員（任意）"),
    )
    name = models.CharField(_("予約の名称"), max_length=100)
    description = models.TextField(_("説明"), blank=True)
    modes = models.JSONField(_("相談のしかた"), default=list)
    meeting_url = models.URLField(_("オンライン相談のURL"), blank=True)
    slot_minutes = models.PositiveSmallIntegerField(_("1回の時間（分）"), default=50)
    buffer_minutes = models.PositiveSmallIntegerField(_("次の枠までの間隔（分）"), default=10)
    min_notice_hours = models.PositiveSmallIntegerField(_("予約の締切（何時間前まで）"), default=24)
    horizon_days = models.PositiveSmallIntegerField(_("何日先まで予約できるか"), default=60)
    capacity = models.PositiveSmallIntegerField(_("1枠の人数"), default=1)
    cancel_cutoff_hours = models.PositiveSmallIntegerField(
        _("キャンセル・変更の締切（何時間前まで）"), default=24
    )
    reminder_hours = models.PositiveSmallIntegerField(_("リマインダー（何時間前）"), default=24)
    closed_on_holidays = models.BooleanField(_("祝日は休み"), default=True)
    closed_year_end = models.BooleanField(_("年末年始（12/29〜1/3）は休み"), default=True)
    is_active = models.BooleanField(_("予約を受け付ける"), default=True)

    class Meta:
        ordering = ["window__municipality__code", "window__name", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="booking_rule_capacity"),
            models.CheckConstraint(condition=Q(slot_minutes__gte=5), name="booking_rule_slot"),
        ]
        verbose_name = _("予約の受付設定")
        verbose_name_plural = _("予約の受付設定")

    def __str__(self) -> str:
        return self.name

    def mode_choices(self) -> list[tuple[str, str]]:
        labels = dict(Mode.choices)
        return [(m, labels[m]) for m in self.modes if m in labels]


class WeeklyHours(models.Model):
    rule = models.ForeignKey(AvailabilityRule, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(
        _("曜日"), choices=[(i, d) for i, d in enumerate("月火水木金土日")]
    )
    opens = models.TimeField(_("開始"))
    closes = models.TimeField(_("終了"))

    class Meta:
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(condition=Q(opens__lt=models.F("closes")), name="booking_hours")
        ]
        verbose_name = _("予約を受け付ける時間")
        verbose_name_plural = _("予約を受け付ける時間")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class DateOverride(models.Model):
    """A dated change: closed that day, or open with its own hours (a Saturday pop-up session,
    or a 出張個別相談会 at ``place``). It wins over the weekly hours, holidays and 年末年始."""

    class Kind(models.TextChoices):
        CLOSED = "closed", _("休み")
        EXTRA = "extra", _("臨時・土曜の相談会")
        OUTREACH = "outreach", _("出張個別相談会")

    rule = models.ForeignKey(AvailabilityRule, on_delete=models.CASCADE, related_name="overrides")
    date = models.DateField(_("日付"))
    kind = models.CharField(_("種類"), max_length=10, choices=Kind.choices)
    opens = models.TimeField(_("開始"), null=True, blank=True)
    closes = models.TimeField(_("終了"), null=True, blank=True)
    place = models.CharField(_("場所（出張個別相談会）"), max_length=200, blank=True)
    note = models.CharField(_("備考"), max_length=200, blank=True)

    class Meta:
        ordering = ["date", "opens"]
        verbose_name = _("予約の臨時の休み・相談会")
        verbose_name_plural = _("予約の臨時の休み・相談会")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"

    @property
    def is_closed(self) -> bool:
        return self.kind == self.Kind.CLOSED


class Consulter(models.TextChoices):
    SELF = "self", _("本人")
    FAMILY = "family", _("家族")
    SUPPORTER = "supporter", _("支援者・関係機関")
    OTHER = "other", _("その他")


class ContactMethod(models.TextChoices):
    EMAIL = "email", _("メール")
    PHONE = "phone", _("電話")


class Booking(TenantOwned):
    class Status(models.TextChoices):
        BOOKED = "booked", _("予約中")
        CANCELLED = "cancelled", _("キャンセル")

    rule = models.ForeignKey(
        AvailabilityRule, on_delete=models.PROTECT, related_name="+", verbose_name=_("予約の種類")
    )
    window = models.ForeignKey(
        "tenancy.Window", on_delete=models.PROTECT, related_name="+", verbose_name=_("相談窓口")
    )
    starts_at = models.DateTimeField(_("開始"))
    ends_at = models.DateTimeField(_("終了"))
    mode = models.CharField(_("相談のしかた"), max_length=10, choices=Mode.choices)
    place = models.CharField(_("場所"), max_length=200, blank=True)
    nickname = models.CharField(_("お名前（ニックネーム可）"), max_length=40)
    contact_method = models.CharField(_("連絡方法"), max_length=10, choices=ContactMethod.choices)
    contact = models.CharField(_("連絡先"), max_length=254)
    consulter = models.CharField(_("相談する方"), max_length=10, choices=Consulter.choices)
    note = models.TextField(_("ひとこと（任意）"), max_length=400, blank=True)
    status = models.CharField(
        _("状態"), max_length=10, choices=Status.choices, default=Status.BOOKED
    )
    token_hash = models.CharField(max_length=64, unique=True)
    sequence = models.PositiveSmallIntegerField(default=0)  # iCalendar SEQUENCE
    reschedule_count = models.PositiveSmallIntegerField(_("変更の回数"), default=0)
    created_at = models.DateTimeField(_("予約日時"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("キャンセル日時"), null=True, blank=True)
    cancelled_by_staff = models.BooleanField(_("職員がキャンセル"), default=False)
    reminded_at = models.DateTimeField(_("リマインダー送信日時"), null=True, blank=True)
    intake = models.OneToOneField(
        "intake.Intake",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="booking",
        verbose_name=_("受付票"),
    )

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "rule": "O",
        "window": "O",
        "starts_at": "O",
        "ends_at": "O",
        "mode": "O",
        "place": "O",
        "nickname": "P",
        "contact_method": "O",
        "contact": "P",
        "consulter": "O",
        "note": "S",
        "status": "O",
        "token_hash": "O",
        "sequence": "O",
        "reschedule_count": "O",
        "created_at": "O",
        "cancelled_at": "O",
        "cancelled_by_staff": "O",
        "reminded_at": "O",
        "intake": "O",
    }

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["municipality", "starts_at"], name="booking_muni_start")]
        verbose_name = _("相談の予約")
        verbose_name_plural = _("相談の予約")

    def __str__(self) -> str:
        return f"予約 #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.BOOKED

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        if level == "municipality":
            return Q()
        if level == "window" and membership.window_id:
            return Q(window_id=membership.window_id)
        return NOTHING


class SlotSeat(models.Model):
    rule = models.ForeignKey(AvailabilityRule, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField()
    seat = models.PositiveSmallIntegerField()
    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="seat")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rule", "starts_at", "seat"], name="booking_one_seat")
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} #{self.seat}"


class BookingMessage(TenantOwned):
    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("予約の確認")
        RESCHEDULE = "reschedule", _("日時の変更")
        CANCELLATION = "cancellation", _("キャンセル")
        REMINDER = "reminder", _("リマインダー")

    class Status(models.TextChoices):
        SENT = "sent", _("送信済み")
        FAILED = "failed", _("送信できませんでした")

    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="messages", verbose_name=_("予約")
    )
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("結果"), max_length=10, choices=Status.choices)
    error = models.CharField(_("エラー"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("日時"), auto_now_add=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "booking": "O",
        "kind": "O",
        "status": "O",
        "error": "O",
        "sent_at": "O",
    }

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("予約のメール")
        verbose_name_plural = _("予約のメール")

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        return scoped_through(Booking, "booking", level, user, membership, needs)
