"""Who takes part: enrolments (with the waiting list) and attendance — personal data.

- ``Participant``: one person's place in one programme: enrolled, on the FIFO waiting list,
  offered a freed place until ``offer_expires_at``, or ended (declined, expired, withdrawn).
  ``person`` links the participant to a 本人 record when known (a family member is linked
  through ``household_member``, and ``person`` is then the household's 本人: the case on whose
  timeline the notes appear). An organisation's own member list (a programme run by an
  organisation) is never linked to a person: it is that organisation's data only.
- ``Attendance``: one participant (or one named 見学・体験 visitor) at one session, present or
  absent, with an optional note. ``at`` repeats the session's start (the case timeline orders
  by it); ``person`` repeats the participant's (the timeline filters by it).

Scope (``scope_q``): the staff of the running window (record scope "window"), supervisors
(every window-run programme of the municipality), the organisation's own accounts for its
programmes ("organization"); and, for roles that may view cases, the rows linked to a person
whose case they reach (a grant must cover contacts). Nobody outside an organisation reaches
its member list.
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


def programme_rows_q(
    path: str, level: str, user: User, membership: Membership, needs: frozenset[str]
) -> Q:
    """Rows of programmes' rosters this membership reaches; `path` leads to the programme."""
    from tsunagu.accounts.permissions import Action, membership_allows
    from tsunagu.people.models import Person

    if level == "municipality":
        own = Q(**{f"{path}__organization__isnull": True})
    elif level == "window" and membership.window_id:
        own = Q(**{f"{path}__window_id": membership.window_id})
    elif level == "organization" and membership.organization_id:
        own = Q(**{f"{path}__organization_id": membership.organization_id})
    else:
        own = NOTHING
    if not membership_allows(membership, Action.VIEW_CASE):
        return own
    # A participant linked to a person reaches the people who may see that person's case.
    linked = scoped_through(Person, "person", level, user, membership, needs | {"contacts"})
    if linked is NOTHING:
        return own
    linked &= Q(person__isnull=False)
    return linked if own is NOTHING else own | linked


class Relation(models.TextChoices):
    PERSON = "person", _("本人")
    FAMILY = "family", _("家族")
    SUPPORTER = "supporter", _("支援者・その他")


class ParticipantStatus(models.TextChoices):
    WAITING = "waiting", _("キャンセル待ち")
    OFFERED = "offered", _("空き枠のご案内中")
    ENROLLED = "enrolled", _("参加中")
    DECLINED = "declined", _("辞退")
    EXPIRED = "expired", _("回答期限切れ")
    WITHDRAWN = "withdrawn", _("退会・終了")


HOLDS_PLACE = (ParticipantStatus.ENROLLED, ParticipantStatus.OFFERED)


class Participant(TenantOwned):
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="participants",
        verbose_name=_("プログラム"),
    )
    name = models.CharField(_("氏名・呼び名"), max_length=120)
    relation = models.CharField(
        _("参加者の立場"), max_length=20, choices=Relation.choices, default=Relation.PERSON
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("本人記録"),
    )
    household_member = models.ForeignKey(
        "people.HouseholdMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("世帯員"),
    )
    age = models.PositiveSmallIntegerField(_("年齢"), null=True, blank=True)
    is_resident = models.BooleanField(_("市区町村内在住"), default=True)
    status = models.CharField(
        _("状態"),
        max_length=20,
        choices=ParticipantStatus.choices,
        default=ParticipantStatus.WAITING,
    )
    requested_at = models.DateTimeField(_("申込日時"))
    offered_at = models.DateTimeField(_("ご案内日時"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("回答期限"), null=True, blank=True)
    enrolled_at = models.DateTimeField(_("参加開始"), null=True, blank=True)
    ended_at = models.DateTimeField(_("終了日時"), null=True, blank=True)
    note = models.TextField(_("メモ"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "programme": "P",
        "name": "P",
        "relation": "P",
        "person": "P",
        "household_member": "P",
        "age": "P",
        "is_resident": "P",
        "status": "P",
        "requested_at": "P",
        "offered_at": "P",
        "offer_expires_at": "P",
        "enrolled_at": "P",
        "ended_at": "P",
        "note": "S",
        "created_by": "O",
        "created_at": "O",
        "updated_at": "O",
    }

    class Meta:
        ordering = ["programme_id", "requested_at", "pk"]
        indexes = [
            models.Index(fields=["programme", "status", "requested_at"], name="participant_queue"),
            models.Index(fields=["person"], name="participant_person"),
        ]
        verbose_name = _("参加者")
        verbose_name_plural = _("参加者")

    def __str__(self) -> str:
        return f"参加者 #{self.pk}"

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        return programme_rows_q("programme", level, user, membership, needs)


class Attendance(TenantOwned):
    class Kind(models.TextChoices):
        MEMBER = "member", _("参加者")
        VISITOR = "visitor", _("見学・体験")

    session = models.ForeignKey(
        "programmes.Session",
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("開催回"),
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("プログラム"),
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("参加者"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("本人記録"),
    )
    kind = models.CharField(_("区分"), max_length=10, choices=Kind.choices, default=Kind.MEMBER)
    visitor_name = models.CharField(_("見学者の呼び名"), max_length=120, blank=True)
    present = models.BooleanField(_("出席"), default=True)
    note = models.TextField(_("様子のメモ"), blank=True)
    at = models.DateTimeField(_("日時"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "session": "P",
        "programme": "P",
        "participant": "P",
        "person": "P",
        "kind": "P",
        "visitor_name": "P",
        "present": "P",
        "note": "S",
        "at": "P",
        "recorded_by": "O",
        "created_at": "O",
        "updated_at": "O",
    }

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"],
                condition=Q(participant__isnull=False),
                name="attendance_once_per_session",
            ),
            models.CheckConstraint(
                condition=Q(kind="visitor") | Q(participant__isnull=False),
                name="attendance_member_has_participant",
            ),
        ]
        indexes = [models.Index(fields=["person", "at"], name="attendance_person_at")]
        verbose_name = _("出欠")
        verbose_name_plural = _("出欠")

    def __str__(self) -> str:
        return f"出欠 #{self.pk}"

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        return programme_rows_q("programme", level, user, membership, needs)
