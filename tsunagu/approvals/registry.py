"""The kinds of things that go through approval, registered by the apps that own them.

The approvals app imports none of them: an owning app registers its kind in its
``AppConfig.ready()``::

    from tsunagu.approvals.registry import register

    register(
        "support_plan",
        model=SupportPlan,
        label="支援計画",
        on_decided=plans.services.plan_decided,   # (request) -> None, in the decision's transaction
        url=lambda plan: reverse("plan-detail", args=[plan.pk]),
    )

``on_decided(request)`` runs inside the transaction that approves or returns the request (look at
``request.status``); raising there undoes the decision. ``request_action``: what the requester
must be allowed to do to the target (its model's ``visible_to``), EDIT_CASE unless given;
``describe(request)``: the request's details as [(label, value)] for the decision page.
Registering a kind again replaces it (ready() may run twice in tests).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models

from tsunagu.accounts.permissions import Action
from tsunagu.core.fixed_query import forget_plans

if TYPE_CHECKING:
    from .models import ApprovalRequest


@dataclass(frozen=True)
class ApprovalKind:
    kind: str
    model: type[models.Model]
    label: str
    on_decided: Callable[[ApprovalRequest], None]
    url: Callable[[Any], str]
    request_action: str = Action.EDIT_CASE
    # What the decision page shows of the request's details: [(label, value)].
    describe: Callable[[ApprovalRequest], list[tuple[str, str]]] | None = None


_KINDS: dict[str, ApprovalKind] = {}


def register(
    kind: str,
    *,
    model: type[models.Model],
    label: str,
    on_decided: Callable[[ApprovalRequest], None],
    url: Callable[[Any], str],
    request_action: str = Action.EDIT_CASE,
    describe: Callable[[ApprovalRequest], list[tuple[str, str]]] | None = None,
) -> None:
    _KINDS[kind] = ApprovalKind(kind, model, label, on_decided, url, request_action, describe)
    forget_plans()  # the requests' scope names every kind


def unregister(kind: str) -> None:
    _KINDS.pop(kind, None)
    forget_plans()


def registered() -> list[ApprovalKind]:
    return sorted(_KINDS.values(), key=lambda k: k.kind)


def get(kind: str) -> ApprovalKind:
    """The registered kind; ValidationError (Japanese) for an unknown one."""
    try:
        return _KINDS[kind]
    except (KeyError, TypeError):
        raise ValidationError("承認の種類が正しくありません。", code="unknown_kind") from None


def find(kind: str) -> ApprovalKind | None:
    return _KINDS.get(kind)


def label_of(kind: str) -> str:
    registered_kind = _KINDS.get(kind)
    return str(registered_kind.label) if registered_kind else kind


def kinds_for(model: type[models.Model]) -> list[str]:
    return [k.kind for k in _KINDS.values() if k.model is model]
