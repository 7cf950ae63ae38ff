"""The rules of announcements: check, save, publish (with the deliveries, in one transaction),
withdraw; and flyer placements. Views call these; they never write models themselves."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tsunagu.core.validation.text import clean_model_text

from .channels import adapters
from .models import Announcement, Channel, Delivery, DeliveryStatus, FlyerPlacement, Status

if TYPE_CHECKING:
    from tsunagu.accounts.models import User

IMAGE_MAX_BYTES = 2 * 1024 * 1024
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


@dataclass
class Draft:
    """What a form hands over (already typed)."""

    title: str
    body: str
    easy_summary: str
    audience: str
    publish_from: datetime.datetime
    expire_at: datetime.datetime | None
    programme: Any = None
    session: Any = None
    image: bytes | None = None  # new image bytes, or None to keep the current one
    remove_image: bool = False
    image_alt: str = ""


def read_image(data: bytes) -> str:
    """The MIME type of an uploaded PNG or JPEG (checked by decoding it), or ValidationError."""
    from PIL import Image, UnidentifiedImageError

    if len(data) > IMAGE_MAX_BYTES:
        raise ValidationError({"image": "画像は2MB以下にしてください。"})
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            kind = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError({"image": "PNG か JPEG の画像を選んでください。"}) from None
    if kind not in IMAGE_TYPES:
        raise ValidationError({"image": "PNG か JPEG の画像を選んでください。"})
    return IMAGE_TYPES[kind]


def apply_draft(announcement: Announcement, draft: Draft) -> None:
    """Check the draft against the rules and copy it onto the (unsaved) announcement."""
    errors: dict[str, str] = {}
    for name in ("title", "body", "easy_summary", "image_alt"):
        setattr(announcement, name, clean_model_text(Announcement, name, getattr(draft, name)))
    announcement.audience = draft.audience
    announcement.publish_from = draft.publish_from
    announcement.expire_at = draft.expire_at
    if draft.expire_at is not None and draft.expire_at <= draft.publish_from:
        errors["expire_at"] = "掲載終了は公開開始より後にしてください。"
    for name in ("programme", "session"):
        related = getattr(draft, name)
        if related is not None and related.municipality_id != announcement.municipality_id:
            errors[name] = "同じ自治体のものを選んでください。"
    announcement.programme = draft.programme
    announcement.session = draft.session
    if draft.session is not None and announcement.programme is None:
        announcement.programme = draft.session.programme
    if draft.remove_image:
        announcement.image, announcement.image_type = None, ""
    if draft.image is not None:
        announcement.image_type = read_image(draft.image)
        announcement.image = draft.image
    if announcement.image and not announcement.image_alt:
        errors["image_alt"] = "画像の内容を文章で入力してください（読み上げで使われます）。"
    if errors:
        raise ValidationError(errors)


def save_draft(announcement: Announcement, draft: Draft, user: User) -> Announcement:
    if announcement.pk is not None and announcement.status != Status.DRAFT:
        raise ValidationError("公開した・取り下げたお知らせは編集できません。")
    apply_draft(announcement, draft)
    if announcement.pk is None:
        announcement.created_by = user
    announcement.save()
    return announcement


def preview(announcement: Announcement) -> dict[str, dict[str, Any]]:
    """What each channel would send or show (the staff page, before and after publishing)."""
    return {channel: adapter.render(announcement) for channel, adapter in adapters().items()}


@transaction.atomic
def publish(announcement: Announcement) -> list[Delivery]:
    """Publish a draft: the announcement and one delivery per channel in one transaction (the
    outbox); each delivery is queued for its publish_from once the transaction commits."""
    locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
    if locked.status != Status.DRAFT:
        raise ValidationError("下書きのお知らせだけを公開できます。")
    locked.status = Status.PUBLISHED
    locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_at", "updated_at"])
    announcement.status, announcement.published_at = locked.status, locked.published_at
    deliveries = []
    for channel, adapter in adapters().items():
        configured = adapter.configured(locked)
        deliveries.append(
            Delivery.objects.create(
                announcement=locked,
                channel=channel,
                payload=adapter.render(locked),
                status=DeliveryStatus.SCHEDULED if configured else DeliveryStatus.NOT_CONFIGURED,
                next_attempt_at=locked.publish_from if configured else None,
            )
        )
    from .delivery import enqueue

    for delivery in deliveries:
        if delivery.status == DeliveryStatus.SCHEDULED:
            enqueue(delivery, locked.publish_from)
    return deliveries


@transaction.atomic
def withdraw(announcement: Announcement) -> None:
    """Take a published announcement down: off the site, feed and signage at once; deliveries
    not yet sent are cancelled (a LINE message already sent cannot be recalled)."""
    locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
    if locked.status != Status.PUBLISHED:
        raise ValidationError("公開中・公開待ちのお知らせだけを取り下げられます。")
    locked.status = Status.WITHDRAWN
    locked.withdrawn_at = timezone.now()
    locked.save(update_fields=["status", "withdrawn_at", "updated_at"])
    announcement.status, announcement.withdrawn_at = locked.status, locked.withdrawn_at
    Delivery.objects.filter(
        announcement=locked, status__in=[DeliveryStatus.SCHEDULED, DeliveryStatus.FAILED]
    ).update(status=DeliveryStatus.CANCELLED, next_attempt_at=None, updated_at=timezone.now())


def deliveries_of(announcement: Announcement) -> list[Delivery]:
    order = list(Channel.values)
    rows = list(announcement.deliveries.all())
    return sorted(rows, key=lambda d: order.index(d.channel))


# Flyer placements -----------------------------------------------------------------------------


def save_placement(placement: FlyerPlacement) -> FlyerPlacement:
    placement.place_name = clean_model_text(
        FlyerPlacement, "place_name", placement.place_name, required=True
    )
    placement.note = clean_model_text(FlyerPlacement, "note", placement.note)
    if placement.replenish_on is not None and placement.replenish_on < placement.placed_on:
        raise ValidationError({"replenish_on": "補充する日は置いた日以降にしてください。"})
    if (
        placement.announcement is not None
        and placement.announcement.municipality_id != placement.municipality_id
    ):
        raise ValidationError({"announcement": "同じ自治体のお知らせを選んでください。"})
    placement.save()
    return placement


def due_for_replenishment(placements, today: datetime.date | None = None, days: int = 7):
    """Placements to replenish by `days` from today (overdue ones included), soonest first."""
    today = today or timezone.localdate()
    return placements.filter(replenish_on__lte=today + datetime.timedelta(days=days)).order_by(
        "replenish_on", "place_name"
    )
