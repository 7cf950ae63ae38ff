"""Flyer placements: added and edited through the staff page (checked by the shared
validators), and the reminder list of those due for replenishment."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.publicity.models import FlyerPlacement, PlaceKind


def _data(world, **extra) -> dict:
    return {
        "place_kind": PlaceKind.COMMUNITY_BUS,
        "place_name": "ミニバス 車内ポスター",
        "count": "6",
        "placed_on": "令和8年11月1日",
        "replenish_on": "2026-11-20",
        "municipality": str(world.home.municipality.pk),
        "announcement": "",
        "note": "",
    } | extra


def test_placements_and_the_replenishment_reminder(world, login):
    client = login(world.user(Role.PUBLICITY))
    assert client.get("/staff/announcements/placements/new/").status_code == 200
    bad = client.post(
        "/staff/announcements/placements/new/",
        _data(world, place_name="バ\x00ス", count="0", replenish_on="2026-10-01"),
    )
    assert bad.status_code == 200 and "使用できない文字" in bad.text
    wrong_order = client.post(
        "/staff/announcements/placements/new/", _data(world, replenish_on="2026-10-01")
    )
    assert "補充する日は置いた日以降にしてください" in wrong_order.text
    foreign = client.post(
        "/staff/announcements/placements/new/",
        _data(world, municipality=str(world.away.municipality.pk)),
    )
    assert "選べない値です" in foreign.text
    assert not FlyerPlacement.objects.exists()
    assert client.post("/staff/announcements/placements/new/", _data(world)).status_code == 302
    placement = FlyerPlacement.objects.get()
    assert placement.place_kind == PlaceKind.COMMUNITY_BUS and placement.count == 6

    today = timezone.localdate()
    FlyerPlacement.objects.create(
        municipality=world.home.municipality,
        place_kind=PlaceKind.LIBRARY,
        place_name="中央図書館",
        count=30,
        placed_on=today,
        replenish_on=today + datetime.timedelta(days=60),
    )
    page = client.get("/staff/announcements/placements/")
    due = page.text.split("すべての設置場所")[0]
    assert "ミニバス 車内ポスター" in due and "補充の日を過ぎています" in due
    assert "中央図書館" not in due and "中央図書館" in page.text
    edit = client.post(f"/staff/announcements/placements/{placement.pk}/", _data(world, count="12"))
    assert edit.status_code == 302
    placement.refresh_from_db()
    assert placement.count == 12
    away = login(world.away.users[Role.SUPERVISOR])
    assert away.get(f"/staff/announcements/placements/{placement.pk}/").status_code == 404
