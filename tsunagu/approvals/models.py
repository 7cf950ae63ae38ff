"""Approval requests (承認): a worker asks a supervisor to approve an assessment, a support plan,
a case closure or minutes; the supervisor approves or returns it with comments.

Who sees a request (``ApprovalRequest.scope_q``): the municipality's supervisors (municipality
level); below that, whoever reaches the target by its own model's scope (a counsellor of the
case's window sees the closure request of that case), and the requester their own requests. The
target's model comes from the registry (``registry.py``): this app imports no owning app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.tenancy.scoping import NO_NEEDS, NOTHING, TenantOwned, scope_subquery

from . import registry

if TYPE_CHECKING:
    from tsunagu.accounts.models import Membership, User

BELOW_MUNICIPALITY = ("own", "assigned", "organization", "window")


class ApprovalRequest(TenantOwned):
    class Status(models.TextChoices):
        PENDING = "pending", _("承認待ち")
        APPROVED = "approved", _("承認")
        RETURNED = "returned", _("差し戻し")

    kind = models.CharField(_("種類"), max_length=40)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("申請者"),
    )
    requested_at = models.DateTimeField(_("申請日時"), default=timezone.now)
    note = models.TextField(_("申請の補足"), blank=True)
    # What the owning app needs when the request is decided (e.g. the closure reason).
    details = models.JSONField(_("申請の内容"), default=dict, blank=True)
    status = models.CharField(
        _("状況"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("判断した職員"),
    )
    decided_at = models.DateTimeField(_("判断日時"), null=True, blank=True)
    comment = models.TextField(_("コメント"), blank=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "kind": "O",
        "target_type": "O",
        "target_id": "O",
        "requested_by": "O",
        "requested_at": "O",
        "note": "S",  # free text about the person's situation
        "details": "S",
        "status": "O",
        "decided_by": "O",
        "decided_at": "O",
        "comment": "S",
    }

    class Meta:
        verbose_name = _("承認の申請")
        ordering = ("-requested_at", "-pk")
        constraints = [
            # one request waiting per target: a second is refused (services check first, with a
            # message; this holds when two arrive at once)
            models.UniqueConstraint(
                fields=["target_type", "target_id"],
                condition=Q(status="pending"),
                name="approval_one_pending_per_target",
            )
        ]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="approval_target"),
            models.Index(fields=["municipality", "status"], name="approval_waiting"),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} #{self.pk}"

    @property
    def kind_label(self) -> str:
        return registry.label_of(self.kind)

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        if level == "municipality":
            return Q()
        if level not in BELOW_MUNICIPALITY:
            return NOTHING
        condition = Q(requested_by=user)
        for kind in registry.registered():
            model = kind.model
            if not issubclass(model, TenantOwned):
                continue  # only the municipality level reaches targets without a scope
            target_q = model.scope_q(level, user, membership, needs)
            if target_q is NOTHING:
                continue
            reached = scope_subquery(model, target_q).values("pk")
            condition |= Q(kind=kind.kind, target_id__in=reached)
        return condition
