"""Notifications to staff (お知らせ): that something happened, where, and a link to it.

Not personal data of the people supported: the message names the kind of event and a case or
record number only (「おつなぎが届きました（ケース #12）」), never a name or the content; the
target is a reference (type and id), and opening it goes through that object's own access check.
Only the recipient reads a notification (``services.notifications_for``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Labels of the kinds other apps send (a kind not listed still shows, as 「お知らせ」).
KIND_LABELS: dict[str, str] = {
    "referral_received": _("おつなぎの受信"),
    "referral_answered": _("おつなぎへの回答"),
    "action_item_assigned": _("担当する対応の割当て"),
    "action_item_overdue": _("期限を過ぎた対応"),
    "approval_requested": _("承認の依頼"),
    "approval_decided": _("承認の結果"),
    "meeting_invitation": _("会議への招集"),
}


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("受け取る職員"),
    )
    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("自治体")
    )
    kind = models.CharField(_("種類"), max_length=40)
    message = models.CharField(_("内容"), max_length=200)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    url = models.CharField(_("リンク"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("日時"), default=timezone.now)
    read_at = models.DateTimeField(_("既読日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("お知らせ")
        ordering = ("-created_at", "-pk")
        indexes = [
            # the header's unread count and the list, newest first
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notification_newest"),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, _("お知らせ")))

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
