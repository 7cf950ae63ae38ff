"""Routing (振り分け) and handoff history.

- `RoutingRule`: operational configuration of a municipality (which window for which age,
  district or topic). Not personal data: allowlisted in tests/test_personal_data_registry.py.
- `RoutingDecision`: the window staff chose for an intake, beside the suggested one, with the
  reason for an override (TenantOwned).
- `HandoffEvent`: the history of a handoff (引き継ぎ) — offered, accepted, declined, ended — with
  the declining reason and, for a handoff to another window, the target window (TenantOwned).
  The handoff itself is a `people.CaseAccess` row; see tsunagu/people/handoff.py. Events refer to
  the access and the case by id (no foreign key), so the history outlives a deleted case.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tsunagu.tenancy.scoping import NO_NEEDS, NOTHING, TenantOwned, scope_subquery

from .topics import topic_label

if TYPE_CHECKING:
    from tsunagu.accounts.models import Membership, User

_SEPARATORS = re.compile(r"[\s,、，・/／]+")


class RoutingRule(models.Model):
    """One rule: when the conditions hold, suggest `window`. Empty conditions match everyone."""

    municipality = models.ForeignKey(
        "tenancy.Municipality",
        on_delete=models.PROTECT,
        related_name="routing_rules",
        verbose_name=_("自治体"),
    )
    priority = models.PositiveSmallIntegerField(
        _("優先順位"), default=50, help_text=_("小さいほど先に提案します。")
    )
    age_min = models.PositiveSmallIntegerField(_("対象年齢（下限）"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("対象年齢（上限）"), null=True, blank=True)
    districts = models.TextField(
        _("対象地区・町名"),
        blank=True,
        help_text=_(
            "読点・空白・改行で区切ります。入力された地区名にいずれかが含まれれば該当します。"
        ),
    )
    other_districts = models.BooleanField(
        _("ほかの規則の地区に当てはまらないとき（地区不明を含む）"), default=False
    )
    topics = models.JSONField(_("主訴"), default=list, blank=True)
    window = models.ForeignKey(
        "tenancy.Window", on_delete=models.PROTECT, related_name="+", verbose_name=_("提案する窓口")
    )
    note = models.CharField(_("備考（受付担当者への案内）"), max_length=200, blank=True)
    is_active = models.BooleanField(_("有効"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality__code", "priority", "pk"]
        verbose_name = _("振り分けルール")
        verbose_name_plural = _("振り分けルール")
        constraints = [
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_min__lte=models.F("age_max")),
                name="routingrule_age_order",
                violation_error_message=_("対象年齢の上限は下限以上にしてください。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.condition_label()} → {self.window}"

    # Conditions ---------------------------------------------------------------------------
    @property
    def has_age_condition(self) -> bool:
        return self.age_min is not None or self.age_max is not None

    @property
    def has_district_condition(self) -> bool:
        return bool(self.district_names()) or self.other_districts

    def district_names(self) -> list[str]:
        return [d for d in _SEPARATORS.split(self.districts or "") if d]

    def matches_age(self, age: int | None) -> bool:
        if not self.has_age_condition:
            return True
        if age is None:
            return False
        if self.age_min is not None and age < self.age_min:
            return False
        return not (self.age_max is not None and age > self.age_max)

    def matches_district_name(self, district: str) -> bool:
        """Whether one of this rule's district names occurs in `district` (normalised)."""
        from tsunagu.jp.names import search_key

        key = search_key(district)
        return bool(key) and any(search_key(name) in key for name in self.district_names())

    def matches_topics(self, topics: set[str]) -> bool:
        return not self.topics or bool(topics & set(self.topics))

    # Labels -------------------------------------------------------------------------------
    def age_label(self) -> str:
        if self.age_min is None and self.age_max is None:
            return ""
        if self.age_min is None:
            return str(_("%(n)s歳未満")) % {"n": self.age_max + 1}
        if self.age_max is None:
            return str(_("%(n)s歳以上")) % {"n": self.age_min}
        return str(_("%(a)s〜%(b)s歳")) % {"a": self.age_min, "b": self.age_max}

    def condition_parts(self) -> list[str]:
        parts = []
        if self.has_age_condition:
            parts.append(self.age_label())
        if self.district_names():
            parts.append(str(_("地区「%(d)s」")) % {"d": "・".join(self.district_names())})
        if self.other_districts:
            parts.append(str(_("ほかの地区・地区不明")))
        if self.topics:
            labels = "・".join(topic_label(t) for t in self.topics)
            parts.append(str(_("主訴「%(t)s」")) % {"t": labels})
        return parts

    def condition_label(self) -> str:
        return "、".join(self.condition_parts()) or str(_("年齢・地区を問わず"))


class RoutingDecision(TenantOwned):
    """The window chosen for an intake; `reason` is required when it differs from the
    suggestion. Written by `tsunagu.routing.services.record_routing_decision`."""

    intake_id = models.PositiveBigIntegerField(_("受付票"), null=True, blank=True, db_index=True)
    suggested_window = models.ForeignKey(
        "tenancy.Window",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("提案された窓口"),
    )
    suggested_reason = models.CharField(_("提案の理由"), max_length=300, blank=True)
    chosen_window = models.ForeignKey(
        "tenancy.Window", on_delete=models.PROTECT, related_name="+", verbose_name=_("決定した窓口")
    )
    reason = models.TextField(_("提案と異なる窓口にした理由"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "intake_id": "O",
        "suggested_window": "O",
        "suggested_reason": "O",
        "chosen_window": "O",
        "reason": "S",
        "decided_by": "O",
        "decided_at": "O",
    }

    class Meta:
        verbose_name = _("振り分けの決定")
        verbose_name_plural = _("振り分けの決定")

    def __str__(self) -> str:
        return f"振り分け #{self.pk}"

    @property
    def is_override(self) -> bool:
        return self.suggested_window_id != self.chosen_window_id

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        if level == "municipality":
            return Q()
        if level == "window" and membership.window_id:
            return (
                Q(chosen_window_id=membership.window_id)
                | Q(suggested_window_id=membership.window_id)
                | Q(decided_by=user)
            )
        if level in ("own", "window", "assigned"):
            return Q(decided_by=user)
        return NOTHING


class HandoffEvent(TenantOwned):
    class Event(models.TextChoices):
        OFFERED = "offered", _("引き継ぎを依頼")
        ACCEPTED = "accepted", _("受諾")
        DECLINED = "declined", _("辞退")
        ENDED = "ended", _("終了")

    access_id = models.PositiveBigIntegerField(_("引き継ぎ"), db_index=True)
    case_id = models.PositiveBigIntegerField(_("ケース"), db_index=True)
    event = models.CharField(_("出来事"), max_length=20, choices=Event.choices)
    to_window = models.ForeignKey(
        "tenancy.Window",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("引き継ぎ先の窓口"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("職員")
    )
    note = models.TextField(_("理由・申し送り"), blank=True)
    created_at = models.DateTimeField(_("日時"), auto_now_add=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "access_id": "O",
        "case_id": "O",
        "event": "O",
        "to_window": "O",
        "actor": "O",
        "note": "S",
        "created_at": "O",
    }

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("引き継ぎの経過")
        verbose_name_plural = _("引き継ぎの経過")

    def __str__(self) -> str:
        return f"{self.get_event_display()} #{self.pk}"

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        """The history of the handoffs a user can see (people.CaseAccess.scope_q)."""
        from tsunagu.people.models import CaseAccess

        if level == "municipality":
            return Q()
        accesses = CaseAccess.scope_q(level, user, membership, needs)
        if accesses is NOTHING:
            return NOTHING
        visible = scope_subquery(CaseAccess, accesses).values("pk")
        return Q(access_id__in=visible) | Q(actor=user)
