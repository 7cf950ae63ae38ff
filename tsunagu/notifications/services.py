"""Sending and reading notifications. ``notify`` is what other apps call, inside their own
transaction: the notification exists only if their change does."""

from __future__ import annotations

import re

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from tsunagu.accounts.models import User
from tsunagu.core.fixed_query import FixedQuery

from .models import Notification

KIND_PATTERN = re.compile(r"^[a-z][a-z_]{0,39}$")
MESSAGE_MAX = 200


def is_local_url(url: str) -> bool:
    """A path on this site (never another host): what a notification may link to."""
    return (
        url.startswith("/")
        and not url.startswith("//")
        and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
    )


def notify(
    recipient: User,
    *,
    municipality_id: int,
    kind: str,
    message: str,
    target: models.Model | None = None,
    url: str = "",
) -> Notification:
    """Tell ``recipient`` that something happened. ``message`` names the kind of event and a
    number, never personal data; ``url`` is a path on this site (the target's page)."""
    message = (message or "").strip()
    if not KIND_PATTERN.match(kind or ""):
        raise ValidationError("お知らせの種類が正しくありません。", code="invalid_kind")
    if not message or len(message) > MESSAGE_MAX:
        raise ValidationError(
            f"お知らせの内容は1〜{MESSAGE_MAX}文字で指定してください。", code="invalid_message"
        )
    if url and not is_local_url(url):
        raise ValidationError(
            "お知らせのリンクはこのサイト内のパスにしてください。", code="bad_url"
        )
    return Notification.objects.create(
        recipient=recipient,
        municipality_id=municipality_id,
        kind=kind,
        message=message,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        url=url,
    )


def notifications_for(user: User) -> QuerySet[Notification]:
    """The user's own notifications, newest first (nobody else's, whatever the role)."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def _unread(recipient_id: int) -> QuerySet[Notification]:
    # COUNT(*) grouped by the one recipient: one row, or none when there is nothing unread
    return (
        Notification.objects.filter(recipient_id=recipient_id, read_at__isnull=True)
        .values("recipient_id")
        .annotate(unread=models.Count("*"))
        .values_list("unread")
    )


# Counted for the header of every staff page: compiled once per connection.
_UNREAD = FixedQuery(_unread, recipient_id=int)


def unread_count(user: User) -> int:
    rows = _UNREAD.fetch(recipient_id=user.pk)
    return rows[0][0] if rows else 0


def get_own(user: User, notification_id: int) -> Notification:
    """The user's notification; Notification.DoesNotExist for anyone else's (a 404)."""
    return notifications_for(user).get(pk=notification_id)


def mark_read(user: User, notification: Notification) -> Notification:
    if notification.recipient_id != user.pk:
        raise Notification.DoesNotExist
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def mark_all_read(user: User) -> int:
    """Mark every unread notification of the user read; how many were."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
