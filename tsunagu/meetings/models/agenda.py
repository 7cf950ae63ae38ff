"""The agenda of a meeting: the cases tabled with their prepared summaries, and the shares
that tie each member's access grant to one agenda item."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tsunagu.people.models import AccessGrant, Case
from tsunagu.tenancy.scoping import NO_NEEDS, NOTHING, TenantOwned, scope_subquery, scoped_through

from .meetings import Meeting, MeetingKind, MeetingMember

if TYPE_CHECKING:
    from tsunagu.accounts.models import Membership, User


class AgendaItem(TenantOwned):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("会議")
    )
    # Empty only on a network meeting's anonymised topic.
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ケース"),
    )
    order = models.PositiveSmallIntegerField(_("順番"), default=1)
    heading = models.CharField(
        _("議題（本人の表記）"),
        max_length=100,
        help_text=_("会議で使う呼び方。例: Aさん（40代男性）。構成員に表示されます。"),
    )
    summary = models.TextField(
        _("共有する概要"),
        blank=True,
        help_text=_("構成員全員に表示されます。要配慮個人情報は下の欄に分けて書いてください。"),
    )
    sensitive_summary = models.TextField(
        _("要配慮情報（心身の状態など）"),
        blank=True,
        help_text=_(
            "要配慮個人情報を読める役割の構成員にだけ表示されます（関係機関には表示されません）。"
        ),
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("作成した職員"),
    )
    shared_at = models.DateTimeField(_("構成員への共有"), null=True, blank=True)
    # the tsunagu.consent Disclosure recorded when the summary was shared (its basis)
    disclosure_id = models.BigIntegerField(_("提供の記録"), null=True, blank=True)
    direction = models.TextField(_("支援の方向性"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "meeting": "O",
        "case": "O",
        "order": "O",
        "heading": "P",
        "summary": "P",
        "sensitive_summary": "S",
        "prepared_by": "O",
        "shared_at": "O",
        "disclosure_id": "O",
        "direction": "P",
        "created_at": "O",
        "updated_at": "O",
    }

    class Meta:
        verbose_name = _("議題")
        verbose_name_plural = _("議題")
        indexes = [models.Index(fields=["meeting", "order"], name="agendaitem_meeting")]

    def __str__(self) -> str:
        return self.heading

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        """The case's own staff (reaching it by their role, not by a grant); a member whose
        share's grant is active — and, in a 支援会議, who has acknowledged 守秘義務; a network
        meeting's anonymised topics to whoever sees the meeting."""
        if level == "municipality":
            return Q()
        if level == "none":
            return NOTHING
        shared = scope_subquery(AgendaShare, AgendaShare.open_q(user, needs)).values("item_id")
        condition = Q(pk__in=shared)
        own = Case.own_scope_q(level, user, membership)
        if own is not NOTHING:
            condition |= Q(case__in=scope_subquery(Case, own).values("pk"))
        meetings = Meeting.scope_q(level, user, membership)
        condition |= Q(case__isnull=True, meeting__in=scope_subquery(Meeting, meetings))
        return condition


class AgendaShare(TenantOwned):
    """One member's access to one agenda item's summary: the AccessGrant that opens it."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="shares")
    member = models.ForeignKey(MeetingMember, on_delete=models.CASCADE, related_name="shares")
    # Empty when the member reaches the case by their own role (its window's staff): they need
    # no grant, and no disclosure is recorded for them.
    grant = models.OneToOneField(
        AccessGrant, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    SENSITIVITY = {"id": "O", "municipality": "O", "item": "O", "member": "O", "grant": "O"}

    class Meta:
        verbose_name = _("議題の共有")
        verbose_name_plural = _("議題の共有")
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="agenda_share_once")]

    def __str__(self) -> str:
        return f"{self.item_id}→{self.member_id}"

    @classmethod
    def open_q(cls, user: User, needs: frozenset[str] = NO_NEEDS) -> Q:
        """Shares to this user whose grant is active (covering `needs`), acknowledged where
        the meeting requires it."""
        grants = scope_subquery(
            AccessGrant,
            AccessGrant.active_q()
            & Q(user=user, source=AccessGrant.Source.MEETING)
            & AccessGrant.cover_q(needs),
        )
        acknowledged = Q(member__acknowledged_at__isnull=False) | ~Q(
            member__meeting__kind=MeetingKind.SHIEN_KAIGI
        )
        return Q(member__user=user, grant__in=grants.values("pk")) & acknowledged

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        return scoped_through(AgendaItem, "item", level, user, membership, needs)
