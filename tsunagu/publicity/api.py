"""/api/v1/: announcements and their delivery status — the same access helpers and permission
as the staff pages (read only; writing is done on the pages, where staff see what each channel
will send before publishing)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from tsunagu.accounts.permissions import Action, require

from .access import announcements_for, get_announcement_for_user
from .models import Announcement, Delivery
from .services import deliveries_of

router = Router(tags=["announcements"])


class DeliveryOut(Schema):
    channel: str
    channel_label: str
    status: str
    status_label: str
    attempts: int
    next_attempt_at: datetime.datetime | None
    sent_at: datetime.datetime | None
    error: str
    external_id: str
    payload: dict[str, Any]


class AnnouncementOut(Schema):
    id: int
    municipality_code: str
    window_id: int | None
    organization_id: int | None
    author_name: str
    title: str
    body: str
    easy_summary: str
    audience: str
    programme_id: int | None
    session_id: int | None
    has_image: bool
    image_alt: str
    publish_from: datetime.datetime
    expire_at: datetime.datetime | None
    status: str
    state: str
    state_label: str


class AnnouncementDetailOut(AnnouncementOut):
    deliveries: list[DeliveryOut]


class AnnouncementListOut(Schema):
    items: list[AnnouncementOut]


def _announcement_out(a: Announcement) -> dict[str, Any]:
    return {
        "id": a.pk,
        "municipality_code": a.municipality.code,
        "window_id": a.window_id,
        "organization_id": a.organization_id,
        "author_name": a.author.name,
        "title": a.title,
        "body": a.body,
        "easy_summary": a.easy_summary,
        "audience": a.audience,
        "programme_id": a.programme_id,
        "session_id": a.session_id,
        "has_image": bool(a.image_type),
        "image_alt": a.image_alt,
        "publish_from": a.publish_from,
        "expire_at": a.expire_at,
        "status": a.status,
        "state": a.state(),
        "state_label": a.state_label(),
    }


def _delivery_out(d: Delivery) -> dict[str, Any]:
    return {
        "channel": d.channel,
        "channel_label": str(d.get_channel_display()),
        "status": d.status,
        "status_label": str(d.get_status_display()),
        "attempts": d.attempts,
        "next_attempt_at": d.next_attempt_at,
        "sent_at": d.sent_at,
        "error": d.error,
        "external_id": d.external_id,
        "payload": d.payload,
    }


@router.get("/announcements", response=AnnouncementListOut, summary="お知らせの一覧（新しい順）")
def list_announcements(request: HttpRequest) -> dict:
    require(request.auth, Action.MANAGE_ANNOUNCEMENTS)
    rows = announcements_for(request.auth).defer("image").order_by("-publish_from", "-pk")
    return {"items": [_announcement_out(a) for a in rows[:500]]}


@router.get(
    "/announcements/{id:announcement_id}",
    response=AnnouncementDetailOut,
    summary="お知らせとチャネルごとの配信の状況",
)
def get_announcement(request: HttpRequest, announcement_id: int) -> dict:
    announcement = get_announcement_for_user(request.auth, announcement_id)
    out = _announcement_out(announcement)
    out["deliveries"] = [_delivery_out(d) for d in deliveries_of(announcement)]
    return out
