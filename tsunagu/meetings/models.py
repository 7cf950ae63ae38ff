"""Support meetings (支援会議 and its kin): the meeting, its members, its agenda of cases with the
summary prepared for it, and what the meeting decided (支援の方向性, 役割分担, action items).

What a meeting may hold depends on its kind (domain notes §3):

- 支援会議 (社会福祉法第106条の6): a case may be tabled without the person's consent; every member
  acknowledges the duty of confidentiality (守秘義務) in the system before seeing anything;
- 重層的支援会議: only cases whose consent covers the member organisations;
- ケース会議: the municipality's own staff only (no member of an outside organisation);
- ネットワーク会議: anonymised case studies only — its agenda holds topics, never a case.

A member sees an agenda case's prepared summary — never the case — through an AccessGrant of
source "meeting" (people.grants.grant_meeting_access) that runs from the meeting's opening until
`access_hours` after its end. `AgendaShare` ties each such grant to the agenda item and member
it was made for, so a grant of one meeting never opens another meeting's summary.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.people.models import AccessGrant, Case
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


class RoleAssignment(TenantOwned):
    """役割分担: which organisation or person does what for the agenda case."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="roles", verbose_name=_("議題")
    )
    organization = models.ForeignKey(
        "tenancy.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("機関・団体"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("担当者"),
    )
    role = models.CharField(_("役割"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "item": "O",
        "organization": "O",
        "user": "O",
        "role": "P",
        "created_by": "O",
        "created_at": "O",
    }

    class Meta:
        verbose_name = _("役割分担")
        verbose_name_plural = _("役割分担")
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False) | Q(user__isnull=False),
                name="role_assignment_has_someone",
            )
        ]

    def __str__(self) -> str:
        return self.role

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        return scoped_through(AgendaItem, "item", level, user, membership, needs)


class ActionItem(TenantOwned):
    """A task the meeting gave someone, with a due date: on its owner's dashboard and on the
    case page until done."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="actions", verbose_name=_("議題")
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("ケース")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("担当者"),
    )
    title = models.CharField(_("やること"), max_length=200)
    due_on = models.DateField(_("期限"))
    done_at = models.DateTimeField(_("完了日時"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    overdue_notified_on = models.DateField(_("期限超過を通知した日"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "item": "O",
        "case": "O",
        "owner": "O",
        "title": "P",
        "due_on": "O",
        "done_at": "O",
        "done_by": "O",
        "overdue_notified_on": "O",
        "created_by": "O",
        "created_at": "O",
    }

    class Meta:
        verbose_name = _("アクションアイテム")
        verbose_name_plural = _("アクションアイテム")
        indexes = [
            models.Index(fields=["owner", "done_at", "due_on"], name="actionitem_owner_open"),
            models.Index(fields=["case", "done_at"], name="actionitem_case_open"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.done_at is None and self.due_on < (today or timezone.localdate())

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        """Its owner (also after the access window closed: the task stays theirs), and whoever
        sees its agenda item."""
        if level == "municipality":
            return Q()
        if level == "none":
            return NOTHING
        items = AgendaItem.scope_q(level, user, membership, needs)
        return Q(owner=user) | Q(item__in=scope_subquery(AgendaItem, items))
