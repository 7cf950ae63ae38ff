"""A merge of two person records (reversible: it lists every row it moved)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tsunagu.tenancy.scoping import NO_NEEDS, NOTHING, TenantOwned

from .persons import Person

if TYPE_CHECKING:
    from tsunagu.accounts.models import Membership, User


class PersonMerge(TenantOwned):
    """`absorbed` was merged into `kept`; `moved` names the ids of the rows that moved.

    ``moved`` = {"cases": [...], "households": [...], "household_members": [...]}; undoing the
    merge moves exactly those rows back (rows added to `kept` later stay with it).
    """

    kept = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("残す記録")
    )
    absorbed = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("統合される記録")
    )
    reason = models.TextField(_("統合の理由"))
    moved = models.JSONField(_("移した記録"), default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    merged_at = models.DateTimeField(_("統合日時"), auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    undone_at = models.DateTimeField(_("取消日時"), null=True, blank=True)
    undo_reason = models.TextField(_("取消の理由"), blank=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "kept": "P",
        "absorbed": "P",
        "reason": "P",
        "moved": "O",
        "merged_by": "O",
        "merged_at": "O",
        "undone_by": "O",
        "undone_at": "O",
        "undo_reason": "P",
    }

    class Meta:
        verbose_name = _("本人記録の統合")
        verbose_name_plural = _("本人記録の統合")
        indexes = [
            models.Index(fields=["municipality", "-merged_at"], name="merge_muni_at"),
        ]

    def __str__(self) -> str:
        return f"統合 #{self.pk}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        # Merges are supervisors' work: only a municipality-wide scope sees them.
        if level == "municipality":
            return Q()
        return NOTHING
