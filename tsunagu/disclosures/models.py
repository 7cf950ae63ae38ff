"""A 開示請求 (個人情報保護法第76条): a person asks for their own record. The request keeps the
reviewer's decision on every item of the assembled record (assemble.py), so the review can be
resumed; the export writes the person's disclosure log (consent.Disclosure) once per case.

Decisions are a JSON map ``item key → {"decision": "disclose"|"withhold", "reason": code}``:
the items themselves are never stored here (they are read again from the record each time, so
the review always shows the record as it is now, and this table holds no copy of it).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tsunagu.tenancy.scoping import NO_NEEDS, TenantOwned, scoped_through

if TYPE_CHECKING:
    from tsunagu.accounts.models import Membership, User

# 個人情報保護法第83条第1項: the decision is due within 30 days of the request.
ANSWER_WITHIN_DAYS = 30


class Requester(models.TextChoices):
    PERSON = "person", _("本人")
    LEGAL_REPRESENTATIVE = "legal_representative", _("法定代理人")
    AGENT = "agent", _("任意代理人（委任による代理人）")


class Status(models.TextChoices):
    REVIEWING = "reviewing", _("確認中")
    EXPORTED = "exported", _("開示済み")


class DisclosureRequest(TenantOwned):
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("本人")
    )
    received_on = models.DateField(_("開示請求の受付日"))
    due_on = models.DateField(_("開示決定の期限"))
    requester = models.CharField(
        _("開示請求者"), max_length=30, choices=Requester.choices, default=Requester.PERSON
    )
    requester_name = models.CharField(
        _("開示請求者の氏名"), max_length=100, blank=True, help_text=_("本人以外のとき。")
    )
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.REVIEWING
    )
    decisions = models.JSONField(_("項目ごとの判断"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    exported_at = models.DateTimeField(_("開示した日時"), null=True, blank=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "person": "P",
        "received_on": "O",
        "due_on": "O",
        "requester": "O",
        "requester_name": "P",
        "status": "O",
        "decisions": "O",
        "created_by": "O",
        "created_at": "O",
        "updated_at": "O",
        "exported_by": "O",
        "exported_at": "O",
    }

    class Meta:
        verbose_name = _("開示請求")
        verbose_name_plural = _("開示請求")
        indexes = [models.Index(fields=["person", "-received_on"], name="disclreq_person_recv")]

    def __str__(self) -> str:
        return f"開示請求 #{self.pk}"

    @staticmethod
    def due_for(received_on: datetime.date) -> datetime.date:
        return received_on + datetime.timedelta(days=ANSWER_WITHIN_DAYS)

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        from tsunagu.people.models import Person

        return scoped_through(Person, "person", level, user, membership, needs)
