"""What meetings add to other pages: the case page's panel of open action items (one query),
and the approval kind "minutes" (tsunagu.approvals)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from tsunagu.accounts.models import unnamed_user_fields
from tsunagu.accounts.permissions import Action
from tsunagu.core.fixed_query import FixedQuery
from tsunagu.tenancy.access import fetch_in_scope

from .models import ActionItem, Meeting


def _open_actions(user: Any, case_id: int) -> QuerySet:
    return (
        ActionItem.objects.visible_to(user, Action.VIEW_CASE)
        .filter(case_id=case_id, done_at__isnull=True)
        .select_related("owner")
        .defer(*unnamed_user_fields("owner"))
        .order_by("due_on", "pk")[:20]
    )


_OPEN_ACTIONS = FixedQuery(_open_actions, case_id=int)  # on every case page


def open_actions_context(request: HttpRequest, case: Any) -> dict[str, Any] | None:
    """The case's open action items (due first); no panel when there are none."""
    actions = fetch_in_scope(_OPEN_ACTIONS, request.user, case_id=case.pk)
    if not actions:
        return None
    return {"actions": actions, "today": timezone.localdate()}


def minutes_url(meeting: Meeting) -> str:
    return reverse("meeting-detail", args=[meeting.pk])


def minutes_details(request: Any) -> list[tuple[str, str]]:
    meeting = Meeting.objects.in_municipality(request.municipality_id).get(pk=request.target_id)
    return [
        ("会議", meeting.title),
        ("種類", str(meeting.get_kind_display())),
        ("開催", timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")),
    ]


def register() -> None:
    from tsunagu.approvals.registry import register as register_approval
    from tsunagu.people.panels import register_case_panel

    from .outcomes import minutes_decided

    register_case_panel(
        "meeting_actions", "meetings/_case_panel.html", open_actions_context, order=40
    )
    register_approval(
        "minutes",
        model=Meeting,
        label="議事録",
        on_decided=minutes_decided,
        url=minutes_url,
        request_action=Action.MANAGE_MEETINGS,
        describe=minutes_details,
    )
