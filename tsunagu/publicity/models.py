"""Announcements (お知らせ), their deliveries to channels, flyer placements, LINE followers.

- ``Announcement``: one source of truth, written by a municipality window (``window``) or an
  organisation's 団体・広報担当 (``organization``), exactly one of them, like a programme.
  ``status`` is what staff decided (draft → published → withdrawn); ``state()`` adds time:
  a published announcement whose ``publish_from`` is ahead is 予約 (scheduled), one past
  ``expire_at`` is 掲載終了. The optional image is stored in the row (small; no media storage
  in this project) and needs its alternative text.
- ``Delivery``: the transactional outbox, one row per (announcement, channel), created in the
  transaction that publishes; a background task (tasks.py) sends it. ``retry_key`` is a UUID
  fixed at creation, so a retried LINE request carries the same X-Line-Retry-Key and LINE never
  posts twice. ``payload`` is what is (or would be) sent: shown to staff.
- ``FlyerPlacement``: where printed flyers or posters were placed, how many, when to replenish.
- ``LineFollower``: a follower of a municipality's LINE official account (LINE's opaque user id
  and the topics chosen): personal data, so TenantOwned; no staff page reads it.
- ``LineWebhookEvent``: webhookEventIds already processed (a replay is refused).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.programmes.models import Audience
from tsunagu.tenancy.scoping import NOTHING, TenantOwned


class Status(models.TextChoices):
    DRAFT = "draft", _("下書き")
    PUBLISHED = "published", _("公開")
    WITHDRAWN = "withdrawn", _("取り下げ")


class State(models.TextChoices):
    """The status as of now (status and time)."""

    DRAFT = "draft", _("下書き")
    SCHEDULED = "scheduled", _("予約（公開待ち）")
    PUBLISHED = "published", _("公開中")
    EXPIRED = "expired", _("掲載終了")
    WITHDRAWN = "withdrawn", _("取り下げ")


class Announcement(models.Model):
    municipality = models.ForeignKey(
        "tenancy.Municipality",
        on_delete=models.PROTECT,
        related_name="announcements",
        verbose_name=_("自治体"),
    )
    window = models.ForeignKey(
        "tenancy.Window",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="announcements",
        verbose_name=_("発信する窓口"),
    )
    organization = models.ForeignKey(
        "tenancy.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="announcements",
        verbose_name=_("発信する団体"),
    )
    title = models.CharField(_("題名"), max_length=80)
    body = models.TextField(_("本文"))
    easy_summary = models.TextField(_("やさしい日本語の要約"), blank=True)
    audience = models.CharField(
        _("対象"), max_length=10, choices=Audience.choices, default=Audience.ANYONE
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="announcements",
        verbose_name=_("関連するプログラム"),
    )
    session = models.ForeignKey(
        "programmes.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="announcements",
        verbose_name=_("関連する開催回"),
    )
    image = models.BinaryField(_("画像"), null=True, blank=True)
    image_type = models.CharField(_("画像の形式"), max_length=20, blank=True)
    image_alt = models.CharField(_("画像の代替テキスト"), max_length=200, blank=True)
    publish_from = models.DateTimeField(_("公開開始"))
    expire_at = models.DateTimeField(_("掲載終了"), null=True, blank=True)
    status = models.CharField(
        _("状態"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("公開の操作日時"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("取り下げ日時"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("作成した職員"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-publish_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(window__isnull=True, organization__isnull=False)
                | Q(window__isnull=False, organization__isnull=True),
                name="announcement_by_one",
            ),
            models.CheckConstraint(
                condition=Q(expire_at__isnull=True) | Q(expire_at__gt=models.F("publish_from")),
                name="announcement_expires_after_start",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status", "publish_from"])]
        verbose_name = _("お知らせ")
        verbose_name_plural = _("お知らせ")

    def __str__(self) -> str:
        return self.title

    @property
    def author(self):
        """The window or organisation that announces."""
        return self.window or self.organization

    def state(self, now=None) -> str:
        now = now or timezone.now()
        if self.status != Status.PUBLISHED:
            return self.status
        if self.publish_from > now:
            return State.SCHEDULED
        if self.expire_at is not None and self.expire_at <= now:
            return State.EXPIRED
        return State.PUBLISHED

    def state_label(self) -> str:
        return str(State(self.state()).label)


def current_q(now=None) -> Q:
    """Announcements the public sees now: published, started, not expired."""
    now = now or timezone.now()
    return Q(status=Status.PUBLISHED, publish_from__lte=now) & (
        Q(expire_at__isnull=True) | Q(expire_at__gt=now)
    )


class Channel(models.TextChoices):
    WEBSITE = "website", _("ウェブサイト・Atom")
    SIGNAGE = "signage", _("デジタルサイネージ")
    FLYER = "flyer", _("チラシ（PDF）")
    LINE = "line", _("LINE 公式アカウント")
    X = "x", _("X（旧 Twitter）")


class DeliveryStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("予約")
    SENDING = "sending", _("送信中")
    SENT = "sent", _("送信済")
    FAILED = "failed", _("失敗")
    NOT_CONFIGURED = "not_configured", _("未設定")
    CANCELLED = "cancelled", _("取り消し")


class Delivery(models.Model):
    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("チャネル"), max_length=12, choices=Channel.choices)
    status = models.CharField(
        _("状態"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.SCHEDULED
    )
    retry_key = models.UUIDField(_("再送キー"), default=uuid.uuid4, editable=False, unique=True)
    payload = models.JSONField(_("送信内容"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("試行回数"), default=0)
    next_attempt_at = models.DateTimeField(_("次の試行"), null=True, blank=True)
    error = models.TextField(_("失敗の理由"), blank=True)
    external_id = models.CharField(_("送信先の受付番号"), max_length=100, blank=True)
    sent_at = models.DateTimeField(_("送信日時"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["announcement_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "channel"], name="delivery_one_per_channel"
            ),
        ]
        verbose_name = _("配信")
        verbose_name_plural = _("配信")

    def __str__(self) -> str:
        return f"{self.announcement_id}:{self.channel}"


class PlaceKind(models.TextChoices):
    LIBRARY = "library", _("図書館")
    SUPERMARKET = "supermarket", _("スーパー")
    SCHOOL = "school", _("学校")
    HOSPITAL = "hospital", _("病院")
    MENTAL_HEALTH_CENTRE = "mental_health", _("精神保健福祉センター")
    COMMUNITY_BUS = "community_bus", _("コミュニティバス")
    OTHER = "other", _("その他")


class FlyerPlacement(models.Model):
    municipality = models.ForeignKey(
        "tenancy.Municipality",
        on_delete=models.PROTECT,
        related_name="flyer_placements",
        verbose_name=_("自治体"),
    )
    announcement = models.ForeignKey(
        Announcement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("お知らせ"),
    )
    place_kind = models.CharField(_("置き場所の種類"), max_length=20, choices=PlaceKind.choices)
    place_name = models.CharField(_("置き場所"), max_length=120)
    count = models.PositiveIntegerField(_("部数"))
    placed_on = models.DateField(_("置いた日"))
    replenish_on = models.DateField(_("補充する日"), null=True, blank=True)
    note = models.CharField(_("メモ"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["replenish_on", "place_name", "pk"]
        verbose_name = _("チラシの設置")
        verbose_name_plural = _("チラシの設置")

    def __str__(self) -> str:
        return self.place_name


class LineFollower(TenantOwned):
    line_user_id = models.CharField(_("LINE のユーザーID"), max_length=64)
    is_following = models.BooleanField(_("友だち"), default=True)
    topics = models.JSONField(_("選んだ話題"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "line_user_id": "P",
        "is_following": "P",
        "topics": "P",
        "updated_at": "O",
    }

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "line_user_id"], name="line_follower_unique"
            ),
        ]
        verbose_name = _("LINE の友だち")
        verbose_name_plural = _("LINE の友だち")

    @classmethod
    def scope_q(cls, level, user, membership, needs=frozenset()) -> Q:
        """No staff page lists followers: only the delivery task reads them, per municipality
        (``in_municipality``)."""
        return NOTHING


class LineWebhookEvent(models.Model):
    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    event_id = models.CharField(max_length=64)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "event_id"], name="line_webhook_event_once"
            ),
        ]

    def __str__(self) -> str:
        return self.event_id
