"""The demo's 「イベント一覧」 CSV has the open-data columns filled: fee, contact phone, and the
address (or pin) of programmes held at a place of the resource directory."""

import csv
import io

import pytest
from django.utils import timezone

from tsunagu.demo import data, data_resources
from tsunagu.demo.loader import load_demo
from tsunagu.demo.programme_specs import PROGRAMMES
from tsunagu.programmes.models import Programme


@pytest.fixture
def demo(db):
    # on the clock's date, as `tsunagu demo` loads it: the CSV lists coming sessions by the clock
    return load_demo(today=timezone.localdate())


def _rows(client, code: str) -> list[dict[str, str]]:
    response = client.get(f"/calendar/{code}.csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("code", [data.KUNITACHI, data.HINO])
def test_programmes_at_a_directory_place_fill_fee_phone_and_address(demo, client, code):
    linked = {
        p.name: p
        for p in Programme.objects.filter(
            municipality__code=code, is_published=True, location__isnull=False
        ).select_related("location")
    }
    assert linked
    rows = _rows(client, code)
    seen = set()
    for row in rows:
        name = next((n for n in linked if row["イベント名"].startswith(n)), None)
        if name is None:
            continue
        seen.add(name)
        assert row["料金(基本)"] == "無料"
        assert row["連絡先電話番号"].startswith("042-100-")
        assert row["住所"].startswith("東京都") or (row["緯度"] and row["経度"])
        assert row["駐車場情報"] and row["イベント名_カナ"]
        if linked[name].location.hide_exact_address:  # a 居場所: the area only, no pin
            assert not row["緯度"] and "0-0" not in row["住所"]
    assert seen == set(linked)
    # every published programme has a fee and a phone, linked or not
    assert all(row["料金(基本)"] and row["連絡先電話番号"] for row in rows)


def test_materials_fee_and_a_pinned_window_place(demo, client):
    pottery = next(r for r in _rows(client, data.KUNITACHI) if "陶芸" in r["イベント名"])
    assert (pottery["料金(基本)"], pottery["料金(詳細)"]) == (
        "有料",
        "材料費 500円（参加費は無料）",
    )
    rocket = next(r for r in _rows(client, data.OSHIMA) if "ロケット" in r["イベント名"])
    assert rocket["住所"] == "東京都大島町元町0-0-2"
    assert rocket["緯度"] and rocket["経度"] and rocket["連絡先電話番号"] == "04992-1-0101"


def test_contact_phones_are_the_demo_phones_already_given():
    """No new invented number: each is a window's or a directory entry's demo phone."""
    known = {w.phone for w in data.WINDOWS} | {
        data.e164(r.phone) for r in data_resources.RESOURCES if r.phone
    }
    for spec in PROGRAMMES:
        if spec.contact is not None:
            assert data.e164(spec.contact.phone) in known, spec.key
