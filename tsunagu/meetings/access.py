"""Access helpers of meetings: fetch through the scoping (visible_to), 404 otherwise, audited.

Reading uses VIEW_CASE (every role that may sit in a meeting holds it); what a member sees of a
meeting's agenda is decided by AgendaItem's scope: the access grant of their share, and, in a
支援会議, their acknowledgement of 守秘義務."""

from __future__ import annotations

from django.db.models import QuerySet

from tsunagu.accounts.models import User, unnamed_user_fields
from tsunagu.accounts.permissions import Action
from tsunagu.tenancy.access import fetch_for_user

from .models import ActionItem, AgendaItem, Meeting, MeetingMember, RoleAssignment


def get_meeting_for_user(user: User, meeting_id: int) -> Meeting:
    return fetch_for_user(
        user, Action.VIEW_CASE, Meeting, meeting_id, related=["window", "convened_by"]
    )


def get_item_for_user(user: User, item_id: int) -> AgendaItem:
    """An agenda item (a prepared summary): its case's own staff, or a member inside the
    access window of their share (acknowledged in a 支援会議); 404 for everyone else."""
    return fetch_for_user(
        user,
        Action.VIEW_CASE,
        AgendaItem,
        item_id,
        related=["meeting", "meeting__window", "prepared_by"],
    )


def get_action_item_for_user(user: User, action_item_id: int) -> ActionItem:
    return fetch_for_user(
        user, Action.VIEW_CASE, ActionItem, action_item_id, related=["item__meeting", "owner"]
    )


def meetings_for(user: User) -> QuerySet[Meeting]:
    return (
        Meeting.objects.visible_to(user, Action.VIEW_CASE)
        .select_related("window")
        .order_by("-starts_at", "-pk")
    )


def members_of(user: User, meeting: Meeting) -> QuerySet[MeetingMember]:
    return (
        MeetingMember.objects.visible_to(user, Action.VIEW_CASE)
        .filter(meeting=meeting)
        .select_related("user", "organization")
        .defer(*unnamed_user_fields("user"))
        .order_by("created_at", "pk")
    )


def agenda_of(user: User, meeting: Meeting) -> QuerySet[AgendaItem]:
    """The items of this meeting the user sees (summaries, outcomes), in agenda order."""
    return (
        AgendaItem.objects.visible_to(user, Action.VIEW_CASE)
        .filter(meeting=meeting)
        .order_by("order", "pk")
    )


def roles_of(user: User, items: list[AgendaItem]) -> QuerySet[RoleAssignment]:
    return (
        RoleAssignment.objects.visible_to(user, Action.VIEW_CASE)
        .filter(item__in=[i.pk for i in items])
        .select_related("organization", "user")
        .defer(*unnamed_user_fields("user"))
        .order_by("pk")
    )


def actions_of(user: User, items: list[AgendaItem]) -> QuerySet[ActionItem]:
    return (
        ActionItem.objects.visible_to(user, Action.VIEW_CASE)
        .filter(item__in=[i.pk for i in items])
        .select_related("owner")
        .defer(*unnamed_user_fields("owner"))
        .order_by("due_on", "pk")
    )
