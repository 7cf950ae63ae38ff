"""What a meeting decides per agenda case: role assignments and action items."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.people.models import Case
from tsunagu.tenancy.scoping import NO_NEEDS, NOTHING, TenantOwned, scope_subquery, scoped_through

from .agenda import AgendaItem

if TYPE_CHECKING:
    from tsunagu.accounts.models import Membership, User


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
