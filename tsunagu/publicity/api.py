"""/api/v1/: announcements and their delivery status — the same access helpers, permission,
form and services as the staff pages: a draft is written through the pages' form
(authoring.save_from_form), then published or withdrawn. Errors: 403 / 404 / 422 in the API's
one shape."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from tsunagu.accounts.permissions import Action, require

from . import services
from .access import announcements_for, get_announcement_for_user
from .authoring import announcement_form, author_choices, save_from_form
from .models import Announcement, Delivery
from .models import Status as AnnouncementStatus
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


class AnnouncementIn(Schema):
    author: str  # "window:<id>" or "org:<id>": one of the user's windows or organisations
    title: str
    body: str
    easy_summary: str = ""
    audience: str
    programme_id: int | None = None
    session_id: int | None = None
    publish_from: str  # 和暦 or ISO, Japan time: as the page's field reads it
    expire_at: str = ""
    image_alt: str = ""


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
    return _detail(get_announcement_for_user(request.auth, announcement_id))


def _detail(announcement: Announcement) -> dict:
    out = _announcement_out(announcement)
    out["deliveries"] = [_delivery_out(d) for d in deliveries_of(announcement)]
    return out


def _save(request: HttpRequest, target: Announcement, payload: AnnouncementIn) -> Announcement:
    user = request.auth
    require(user, Action.MANAGE_ANNOUNCEMENTS)
    if not author_choices(user):
        raise PermissionDenied(_("この操作を行う権限がありません。"))
    data = payload.dict()
    data["programme"] = data.pop("programme_id") or ""
    data["session"] = data.pop("session_id") or ""
    form = announcement_form(user, data)  # the page's reading of every field
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return save_from_form(target, form.cleaned_data, user)


@router.post(
    "/announcements",
    response={201: AnnouncementDetailOut},
    summary="お知らせの下書きを作る",
    description="発信者は自分の窓口か団体（`window:ID` / `org:ID`）。画像は画面から付けます。",
)
def create_announcement(request: HttpRequest, payload: AnnouncementIn) -> Status:
    return Status(201, _detail(_save(request, Announcement(), payload)))


@router.put(
    "/announcements/{id:announcement_id}",
    response=AnnouncementDetailOut,
    summary="下書きのお知らせを書き換える（公開後は 422）",
)
def edit_announcement(request: HttpRequest, announcement_id: int, payload: AnnouncementIn) -> dict:
    announcement = get_announcement_for_user(request.auth, announcement_id)
    if announcement.status != AnnouncementStatus.DRAFT:
        raise ValidationError(_("公開した・取り下げたお知らせは編集できません。"))
    return _detail(_save(request, announcement, payload))


@router.post(
    "/announcements/{id:announcement_id}/publish",
    response=AnnouncementDetailOut,
    summary="公開する（チャネルごとの配信を予約）",
)
def publish_announcement(request: HttpRequest, announcement_id: int) -> dict:
    announcement = get_announcement_for_user(request.auth, announcement_id)
    services.publish(announcement)
    return _detail(announcement)


@router.post(
    "/announcements/{id:announcement_id}/withdraw",
    response=AnnouncementDetailOut,
    summary="取り下げる（公開ページ・フィード・サイネージから外し、未送信の配信を取り消す）",
)
def withdraw_announcement(request: HttpRequest, announcement_id: int) -> dict:
    announcement = get_announcement_for_user(request.auth, announcement_id)
    services.withdraw(announcement)
    return _detail(announcement)
