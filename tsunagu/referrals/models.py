"""おつなぎ (referrals, issue 8 point 6): a case referred to an organisation — optionally to one of
its services — with the limited view the sender chose, and the organisation's answer.

- A `Referral` holds what the organisation receives: the organisation, the service (free text:
  tenancy has no service model), the request (`message`), its status, and the AccessGrant
  (people.grants, source REFERRAL, granted to the organisation) that IS the limited view: the
  case record always, and the contacts / intake sheet / S-class fields the sender ticked. The
  grant starts when the referral is sent (the receiver needs the shared view to decide whether
  to accept, and the disclosure is recorded at sending) and ends when the referral is refused,
  completed or cancelled.
- A `ReferralEvent` is one step: sent, each answer of the receiver, the sender's cancellation,
  and each feedback. Its `note` (a refusal reason, a cancellation reason, the feedback) is S-class.
- The basis of the sharing is the consent app's `Disclosure` row written at sending.

Nothing is deleted; every row written is audited by the TenantOwned signals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tsunagu.tenancy.scoping import (
    NO_NEEDS,
    NOTHING,
    TenantOwned,
    scope_subquery,
    scoped_through,
)

if TYPE_CHECKING:
    from tsunagu.accounts.models import Membership, User


class Status(models.TextChoices):
    SENT = "sent", _("送付")
    ACCEPTED = "accepted", _("受理")
    IN_PROGRESS = "in_progress", _("対応中")
    COMPLETED = "completed", _("完了")
    REFUSED = "refused", _("不受理")
    CANCELLED = "cancelled", _("取消")


class Referral(TenantOwned):
    case = models.ForeignKey(
        "people.Case", on_delete=models.CASCADE, related_name="referrals", verbose_name=_("ケース")
    )
    organization = models.ForeignKey(
        "tenancy.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("おつなぎ先"),
    )
    service_name = models.CharField(_("サービス・事業"), max_length=120, blank=True)
    # P, not S: the receiving 関係機関担当 reads P but never S (READABLE_CLASSES), and this is
    # what they act on; the form asks not to write 要配慮 details here (they travel with the
    # shared view, to the roles that may read them).
    message = models.TextField(_("依頼内容"), max_length=2000)
    status = models.CharField(_("状態"), max_length=20, choices=Status.choices, default=Status.SENT)
    grant = models.OneToOneField(
        "people.AccessGrant",
        on_delete=models.PROTECT,
        related_name="referral",
        verbose_name=_("共有の範囲（アクセス権）"),
    )
    # The consent app's record of this sharing and its basis, written at sending; empty only
    # inside the sending transaction (the disclosure names the referral as what was shared).
    disclosure = models.OneToOneField(
        "consent.Disclosure",
        on_delete=models.PROTECT,
        null=True,
        related_name="referral",
        verbose_name=_("情報提供の記録"),
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("おつなぎした職員"),
    )
    sent_at = models.DateTimeField(_("送付日時"))
    answered_at = models.DateTimeField(_("最初の回答日時"), null=True, blank=True)
    closed_at = models.DateTimeField(_("終了日時"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "case": "O",
        "organization": "O",
        "service_name": "O",
        "message": "P",
        "status": "O",
        "grant": "O",
        "disclosure": "O",
        "sent_by": "O",
        "sent_at": "O",
        "answered_at": "O",
        "closed_at": "O",
        "updated_at": "O",
    }

    class Meta:
        verbose_name = _("おつなぎ")
        verbose_name_plural = _("おつなぎ")
        indexes = [
            models.Index(fields=["case", "-sent_at"], name="referral_case_sent"),
            models.Index(fields=["organization", "status"], name="referral_org_status"),
            models.Index(fields=["sent_by", "status", "sent_at"], name="referral_sender_open"),
        ]

    def __str__(self) -> str:
        return f"おつなぎ #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        """The referrals of the cases a membership sees, and those sent to its organisation (an
        agency: only those — never the case's other referrals)."""
        if level == "municipality":
            return Q()
        received = (
            Q(organization_id=membership.organization_id) if membership.organization_id else NOTHING
        )
        if level == "organization":
            return received
        if level not in ("window", "assigned"):
            return NOTHING
        from tsunagu.people.models import Case

        cases = Case.scope_q(level, user, membership, needs)
        if cases is NOTHING:
            return received
        return received | Q(case__in=scope_subquery(Case, cases).values("pk"))


OPEN = (Status.SENT, Status.ACCEPTED, Status.IN_PROGRESS)
ENDED = (Status.COMPLETED, Status.REFUSED, Status.CANCELLED)


class ReferralEvent(TenantOwned):
    class Kind(models.TextChoices):
        SENT = "sent", _("送付")
        ACCEPTED = "accepted", _("受理")
        IN_PROGRESS = "in_progress", _("対応中")
        COMPLETED = "completed", _("完了")
        REFUSED = "refused", _("不受理")
        CANCELLED = "cancelled", _("取消")
        FEEDBACK = "feedback", _("フィードバック")

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="events", verbose_name=_("おつなぎ")
    )
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    note = models.TextField(_("内容・理由"), max_length=4000, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("職員")
    )
    at = models.DateTimeField(_("日時"), auto_now_add=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "referral": "O",
        "kind": "O",
        "note": "S",
        "actor": "O",
        "at": "O",
    }

    class Meta:
        verbose_name = _("おつなぎの経過")
        verbose_name_plural = _("おつなぎの経過")
        indexes = [models.Index(fields=["referral", "at"], name="referralevent_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        return scoped_through(Referral, "referral", level, user, membership, needs)
