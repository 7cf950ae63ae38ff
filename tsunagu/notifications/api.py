"""/api/v1/notifications: the caller's own notifications (nobody else's, whatever the role)."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from . import services
from .models import Notification

router = Router(tags=["notifications"])
MAX_ITEMS = 100


class NotificationOut(Schema):
    id: int
    kind: str
    kind_label: str
    message: str
    url: str
    created_at: datetime
    read_at: datetime | None


class NotificationList(Schema):
    unread: int
    items: list[NotificationOut]


class MarkedOut(Schema):
    marked: int


def _out(n: Notification) -> dict:
    return {
        "id": n.pk,
        "kind": n.kind,
        "kind_label": n.kind_label,
        "message": n.message,
        "url": n.url,
        "created_at": n.created_at,
        "read_at": n.read_at,
    }


@router.get("/notifications", response=NotificationList, summary="自分へのお知らせ（新しい順）")
def list_notifications(request: HttpRequest, unread_only: bool = False) -> dict:
    user = request.auth
    rows = services.notifications_for(user)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return {
        "unread": services.unread_count(user),
        "items": [_out(n) for n in rows[:MAX_ITEMS]],
    }


@router.post(
    "/notifications/{id:notification_id}/read", response=NotificationOut, summary="既読にする"
)
def read_notification(request: HttpRequest, notification_id: int) -> dict:
    try:
        notification = services.get_own(request.auth, notification_id)
    except Notification.DoesNotExist:
        raise Http404 from None
    return _out(services.mark_read(request.auth, notification))


@router.post("/notifications/read-all", response=MarkedOut, summary="すべて既読にする")
def read_all_notifications(request: HttpRequest) -> dict:
    return {"marked": services.mark_all_read(request.auth)}
