"""Approval requests: ask (``request_approval``), decide (``approve``, ``return_for_changes``),
and read (``pending_for``, ``latest_decision``, ``history_for``, ``waiting_for``).

Rules: the supervisors of the target's municipality decide (Action.APPROVE), never on their own
request; returning needs a comment; a target has at most one request waiting. The supervisors
are notified of a request, the requester of the decision (tsunagu.notifications). The owning
app's ``on_decided`` runs inside the decision's transaction.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, can, require, users_who_may
from tsunagu.core.fixed_query import FixedQuery
from tsunagu.core.validation.text import clean_model_text
from tsunagu.notifications.services import notify
from tsunagu.tenancy.access import fetch_in_scope
from tsunagu.tenancy.scoping import TenantOwned

from . import registry
from .models import ApprovalRequest

S = ApprovalRequest.Status
ALREADY_PENDING = "この対象には承認待ちの申請がすでにあります。承認または差し戻しを待ってください。"


def _target_q(target: models.Model) -> dict[str, Any]:
    return {
        "target_type": ContentType.objects.get_for_model(target),
        "target_id": target.pk,
    }


def _may_request(actor: User, kind: registry.ApprovalKind, target: models.Model) -> bool:
    if issubclass(kind.model, TenantOwned):
        reachable = kind.model.objects.visible_to(actor, kind.request_action)
        return reachable.filter(pk=target.pk).exists()
    return can(actor, kind.request_action, target.municipality_id)


def decision_url(request: ApprovalRequest) -> str:
    return reverse("approval-detail", args=[request.pk])


@transaction.atomic
def request_approval(
    actor: User,
    target: models.Model,
    *,
    kind: str,
    note: str = "",
    details: dict[str, Any] | None = None,
) -> ApprovalRequest:
    """Ask the supervisors to approve ``target``. ``details``: what the owning app needs when the
    request is decided (kept with the request, e.g. the closure reason)."""
    registered = registry.get(kind)
    if not isinstance(target, registered.model) or target.pk is None:
        raise ValidationError("この種類の承認は、この対象には申請できません。", code="wrong_target")
    if not _may_request(actor, registered, target):
        raise PermissionDenied("この操作を行う権限がありません。")
    note = clean_model_text(ApprovalRequest, "note", note)
    if pending_for(target) is not None:
        raise ValidationError(ALREADY_PENDING, code="already_pending")
    try:
        with transaction.atomic():
            request = ApprovalRequest.objects.create(
                municipality_id=target.municipality_id,
                kind=kind,
                requested_by=actor,
                note=note,
                details=details or {},
                **_target_q(target),
            )
    except IntegrityError:  # another request for the same target arrived at the same moment
        raise ValidationError(ALREADY_PENDING, code="already_pending") from None
    message = f"{registered.label}の承認依頼が届きました（申請 #{request.pk}）"
    for supervisor in users_who_may(Action.APPROVE, target.municipality_id).exclude(pk=actor.pk):
        notify(
            supervisor,
            municipality_id=target.municipality_id,
            kind="approval_requested",
            message=message,
            target=request,
            url=decision_url(request),
        )
    return request


def _decide(actor: User, request: ApprovalRequest, status: str, comment: Any) -> ApprovalRequest:
    require(actor, Action.APPROVE, request.municipality_id)
    try:
        fresh = (
            ApprovalRequest.objects.visible_to(actor, Action.APPROVE)
            .select_for_update()
            .get(pk=request.pk)
        )
    except ApprovalRequest.DoesNotExist:
        raise PermissionDenied("この操作を行う権限がありません。") from None
    comment = clean_model_text(ApprovalRequest, "comment", comment)
    if fresh.status != S.PENDING:
        raise ValidationError(
            f"この申請はすでに判断されています（{fresh.get_status_display()}）。",
            code="already_decided",
        )
    if fresh.requested_by_id == actor.pk:
        raise ValidationError(
            "自分の申請は承認・差し戻しできません。ほかの監督者が判断します。",
            code="own_request",
        )
    if status == S.RETURNED and not comment:
        raise ValidationError(
            {"comment": "差し戻すときは、直してほしい点をコメントに書いてください。"},
            code="comment_required",
        )
    fresh.status = status
    fresh.decided_by = actor
    fresh.decided_at = timezone.now()
    fresh.comment = comment
    fresh.save()
    registered = registry.get(fresh.kind)
    registered.on_decided(fresh)
    verdict = "承認されました" if status == S.APPROVED else "差し戻されました"
    notify(
        fresh.requested_by,
        municipality_id=fresh.municipality_id,
        kind="approval_decided",
        message=f"{registered.label}の申請が{verdict}（申請 #{fresh.pk}）",
        target=fresh,
        url=target_url(fresh),
    )
    for name in ("status", "decided_by", "decided_by_id", "decided_at", "comment"):
        setattr(request, name, getattr(fresh, name))
    return request


@transaction.atomic
def approve(actor: User, request: ApprovalRequest, comment: str = "") -> ApprovalRequest:
    return _decide(actor, request, S.APPROVED, comment)


@transaction.atomic
def return_for_changes(actor: User, request: ApprovalRequest, comment: str) -> ApprovalRequest:
    """Send the request back with comments (required): the target stays as it was."""
    return _decide(actor, request, S.RETURNED, comment)


def target_of(request: ApprovalRequest) -> models.Model:
    """The request's target. The request was itself read through the scope, and its target lives
    in the same municipality (checked here)."""
    model = registry.get(request.kind).model
    target = model._base_manager.get(pk=request.target_id)
    if target.municipality_id != request.municipality_id:
        raise PermissionDenied("この操作を行う権限がありません。")
    return target


def target_url(request: ApprovalRequest) -> str:
    try:
        return registry.get(request.kind).url(target_of(request))
    except (ValidationError, models.ObjectDoesNotExist):
        return ""


def pending_for(target: models.Model) -> ApprovalRequest | None:
    """The request of ``target`` that waits for a decision, if any (callers have fetched the
    target through their own access helper)."""
    rows = ApprovalRequest.objects.in_municipality(target.municipality_id)
    return rows.filter(status=S.PENDING, **_target_q(target)).first()


def latest_decision(target: models.Model) -> ApprovalRequest | None:
    """The last decided (approved or returned) request of ``target``."""
    rows = ApprovalRequest.objects.in_municipality(target.municipality_id)
    return (
        rows.filter(**_target_q(target))
        .exclude(status=S.PENDING)
        .order_by("-decided_at", "-pk")
        .first()
    )


def _history(user: User, action: str, type_id: int, target_id: int) -> QuerySet:
    return (
        ApprovalRequest.objects.visible_to(user, action)
        .filter(target_type_id=type_id, target_id=target_id)
        .select_related("requested_by", "decided_by")
        .order_by("-requested_at", "-pk")
    )


_HISTORY = FixedQuery(_history, type_id=int, target_id=int)  # on every case page


def history_for(
    user: User, target: models.Model, action: str = Action.VIEW_CASE
) -> list[ApprovalRequest]:
    """Every request of ``target`` the user sees (for ``action``), newest first: one query."""
    type_id = ContentType.objects.get_for_model(target).pk
    return fetch_in_scope(_HISTORY, user, action, type_id=type_id, target_id=target.pk)


def waiting_for(user: User) -> QuerySet[ApprovalRequest]:
    """What waits for this supervisor's decision, oldest first (their own requests included:
    they are shown, but another supervisor decides them)."""
    return (
        ApprovalRequest.objects.visible_to(user, Action.APPROVE)
        .filter(status=S.PENDING)
        .select_related("requested_by")
        .order_by("requested_at", "pk")
    )
