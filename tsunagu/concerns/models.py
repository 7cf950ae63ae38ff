"""民生委員 concern reports (気になる方の連絡): a short report that feeds the intake.

Who sees a report (`ConcernReport.scope_q`):

- the commissioner who wrote it ("own" level: `reported_by`) — and only whether it was
  received or triaged, never the intake or case it led to (the list shows no intake id);
- staff who triage: reception, counsellors and supervisors see every report of their
  municipality. A report arrives before any window is responsible for the person, so the
  "window" level means the whole municipality for this model (as "municipality" does);
- contracted counsellors ("assigned"), agency staff ("organization") and everyone else: none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tsunagu.tenancy.scoping import NO_NEEDS, NOTHING, TenantOwned

if TYPE_CHECKING:
    from tsunagu.accounts.models import Membership, User


class ConcernReport(TenantOwned):
    class Status(models.TextChoices):
        RECEIVED = "received", _("受付済み（確認待ち）")
        TRIAGED = "triaged", _("確認済み")
        CLOSED = "closed", _("対応を終了")

    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("連絡した民生委員"),
    )
    district = models.CharField(_("地区・町名"), max_length=100)
    person_hint = models.CharField(
        _("どなたのことか"),
        max_length=200,
        blank=True,
        help_text=_("世帯や呼び名など、分かる範囲で（例：〇〇町の△△さん宅の長男）。"),
    )
    approximate_age = models.CharField(
        _("おおよその年齢"), max_length=40, blank=True, help_text=_("例：40代くらい")
    )
    situation = models.TextField(_("気になっている様子"))
    how_known = models.TextField(
        _("どのように知ったか"), blank=True, help_text=_("例：母親から相談を受けた、近所の方から")
    )
    is_urgent = models.BooleanField(
        _("急いで対応が必要"),
        default=False,
        help_text=_("命や生活に関わる心配があるとき（食べるものがない、自殺をほのめかす等）。"),
    )
    status = models.CharField(
        _("状況"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    created_at = models.DateTimeField(_("連絡日時"), auto_now_add=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("確認した職員"),
    )
    triaged_at = models.DateTimeField(_("確認日時"), null=True, blank=True)
    intake_id = models.PositiveBigIntegerField(_("受付票"), null=True, blank=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "reported_by": "O",
        "district": "P",
        "person_hint": "P",
        "approximate_age": "P",
        "situation": "S",
        "how_known": "P",
        "is_urgent": "O",
        "status": "O",
        "created_at": "O",
        "triaged_by": "O",
        "triaged_at": "O",
        "intake_id": "O",
    }

    class Meta:
        verbose_name = _("気になる方の連絡")
        verbose_name_plural = _("気になる方の連絡")
        indexes = [
            models.Index(fields=["municipality", "status"], name="concern_muni_status"),
            models.Index(fields=["reported_by", "created_at"], name="concern_reporter"),
        ]

    def __str__(self) -> str:
        return f"気になる方の連絡 #{self.pk}"

    @property
    def reporter_status_label(self) -> str:
        """What the commissioner is told: received, or confirmed by staff. Nothing more."""
        if self.status == self.Status.RECEIVED:
            return str(_("受け付けました（職員の確認待ち）"))
        return str(_("職員が確認しました"))

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        if level in ("municipality", "window"):
            return Q()
        if level == "own":
            return Q(reported_by=user)
        return NOTHING
