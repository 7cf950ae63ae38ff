"""A meeting, its kinds and its members (who sit in it, who acknowledged 守秘義務)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.tenancy.scoping import NO_NEEDS, NOTHING, TenantOwned, scope_subquery, scoped_through

if TYPE_CHECKING:
    from tsunagu.accounts.models import Membership, User

MAX_ACCESS_HOURS = 168  # a week after the meeting at most


class MeetingKind(models.TextChoices):
    SHIEN_KAIGI = "shien_kaigi", _("支援会議（社会福祉法第106条の6）")
    JUSOTEKI = "jusoteki", _("重層的支援会議")
    CASE_CONFERENCE = "case_conference", _("ケース会議（庁内）")
    NETWORK = "network", _("ネットワーク会議（事例検討）")


class MinutesState(models.TextChoices):
    DRAFT = "draft", _("作成中")
    REQUESTED = "requested", _("承認待ち")
    RETURNED = "returned", _("差し戻し")
    APPROVED = "approved", _("承認済み")


class Meeting(TenantOwned):
    kind = models.CharField(_("会議の種類"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("会議名"), max_length=100)
    starts_at = models.DateTimeField(_("開始"))
    ends_at = models.DateTimeField(_("終了予定"))
    place = models.CharField(_("場所"), max_length=200, blank=True)
    online_url = models.URLField(_("オンライン会議のURL"), max_length=500, blank=True)
    access_hours = models.PositiveSmallIntegerField(
        _("終了後に資料を閲覧できる時間（時間）"), default=24
    )
    window = models.ForeignKey(
        "tenancy.Window", on_delete=models.PROTECT, related_name="+", verbose_name=_("主催窓口")
    )
    convened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("招集した職員"),
    )
    minutes = models.TextField(_("議事録"), blank=True)
    minutes_state = models.CharField(
        _("議事録の状態"), max_length=20, choices=MinutesState.choices, default=MinutesState.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "kind": "O",
        "title": "O",
        "starts_at": "O",
        "ends_at": "O",
        "place": "O",
        "online_url": "O",
        "access_hours": "O",
        "window": "O",
        "convened_by": "O",
        "minutes": "S",
        "minutes_state": "O",
        "created_at": "O",
        "updated_at": "O",
    }

    class Meta:
        verbose_name = _("会議")
        verbose_name_plural = _("会議")
        indexes = [models.Index(fields=["municipality", "-starts_at"], name="meeting_muni_start")]

    def __str__(self) -> str:
        return self.title

    @property
    def access_until(self) -> datetime.datetime:
        """The end of the members' access window."""
        return self.ends_at + datetime.timedelta(hours=self.access_hours)

    def window_state(self, now: datetime.datetime | None = None) -> str:
        """ "before", "open" or "closed": where now lies against the members' access window."""
        now = now or timezone.now()
        if now < self.starts_at:
            return "before"
        return "open" if now < self.access_until else "closed"

    @property
    def needs_acknowledgement(self) -> bool:
        return self.kind == MeetingKind.SHIEN_KAIGI

    @property
    def is_support_meeting(self) -> bool:
        """A 支援会議 (社会福祉法第106条の6): tsunagu.consent accepts its basis only here."""
        return self.kind == MeetingKind.SHIEN_KAIGI

    @property
    def holds_cases(self) -> bool:
        return self.kind != MeetingKind.NETWORK

    @property
    def internal_only(self) -> bool:
        return self.kind == MeetingKind.CASE_CONFERENCE

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        """Supervisors: every meeting of the municipality. Others: the meetings they are members
        of or convened, and window staff the meetings their window hosts."""
        if level == "municipality":
            return Q()
        if level == "none":
            return NOTHING
        member_of = scope_subquery(MeetingMember, Q(user=user)).values("meeting_id")
        condition = Q(pk__in=member_of) | Q(convened_by=user)
        if level == "window" and membership.window_id:
            condition |= Q(window_id=membership.window_id)
        return condition


class _InMeeting(TenantOwned):
    """Rows of a meeting, visible with it."""

    class Meta:
        abstract = True

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        return scoped_through(Meeting, "meeting", level, user, membership)


class MeetingMember(_InMeeting):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="members", verbose_name=_("会議")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("職員")
    )
    # The member's organisation when invited (empty: the municipality's own staff), shown in
    # the member list and offered for role assignment.
    organization = models.ForeignKey(
        "tenancy.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("所属機関"),
    )
    acknowledged_at = models.DateTimeField(_("守秘義務の確認日時"), null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("招待")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "meeting": "O",
        "user": "O",
        "organization": "O",
        "acknowledged_at": "O",
        "invited_by": "O",
        "created_at": "O",
    }

    class Meta:
        verbose_name = _("会議の構成員")
        verbose_name_plural = _("会議の構成員")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="meeting_member_once")
        ]
        indexes = [models.Index(fields=["user", "meeting"], name="meetingmember_user")]

    def __str__(self) -> str:
        return str(self.user)
