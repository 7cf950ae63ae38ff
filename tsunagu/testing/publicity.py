"""Announcements for tests. `add_announcements(world)` gives every Side `announcement` (its
first window's, published and current) and `placement` (a flyer placement at a library); home
also gets `other_announcement` (the agency organisation's draft, which only that organisation's
団体・広報担当 and the municipality-wide roles reach). The URL walker fills `announcement_id`
and `placement_id` from them."""

from __future__ import annotations

import datetime
import io

from django.utils import timezone

from tsunagu.publicity.models import Announcement, FlyerPlacement, PlaceKind, Status

from .world import Side, World


def png_bytes(size: tuple[int, int] = (8, 8)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def make_announcement(side: Side, *, organization=None, **kw) -> Announcement:
    values = {
        "municipality": side.municipality,
        "title": f"{side.municipality.name}のお知らせ",
        "body": "家族会のお知らせです。\nどなたでもどうぞ。",
        "easy_summary": "かぞくかい が あります。",
        "publish_from": timezone.now() - datetime.timedelta(days=1),
        "status": Status.PUBLISHED,
    }
    if organization is None:
        values["window"] = side.window
    else:
        values["organization"] = organization
    values.update(kw)
    return Announcement.objects.create(**values)


def add_announcements(world: World) -> None:
    for side in (world.home, world.away):
        side.announcement = make_announcement(
            side, image=png_bytes(), image_type="image/png", image_alt="家族会の会場の写真"
        )
        side.placement = FlyerPlacement.objects.create(
            municipality=side.municipality,
            announcement=side.announcement,
            place_kind=PlaceKind.LIBRARY,
            place_name=f"{side.municipality.name}立中央図書館",
            count=30,
            placed_on=datetime.date(2026, 11, 1),
            replenish_on=datetime.date(2026, 12, 1),
        )
    world.home.other_announcement = make_announcement(
        world.home, organization=world.home.agency, title="団体のお知らせ", status=Status.DRAFT
    )
