"""Staff pages and CSV import/export: who may manage the directory, the one-transaction import
with Japanese row errors, a re-import that does not duplicate."""

from __future__ import annotations

import pytest
from django.test import Client

from tsunagu.accounts.roles import Role
from tsunagu.resources import csv_io
from tsunagu.resources.models import Location, Service
from tsunagu.testing.resources import add_resources
from tsunagu.testing.routing_concerns import login


@pytest.fixture
def directory(world):
    add_resources(world)
    return world


def test_who_may_manage(client: Client, settings, directory):
    home = directory.home
    admin = login(client, settings, directory.user(Role.MUNICIPALITY_ADMIN))
    assert admin.get("/staff/resources/").status_code == 200
    assert admin.get(f"/staff/resources/{home.service.pk}/").status_code == 200
    assert admin.get(f"/staff/resources/{directory.away.service.pk}/").status_code == 404
    other = login(Client(), settings, directory.user(Role.COUNSELLOR))
    assert other.get("/staff/resources/").status_code == 403
    publicity = login(Client(), settings, directory.user(Role.PUBLICITY))
    assert publicity.get("/staff/resources/").status_code == 403  # an organisation's account


def test_create_edit_and_add_a_window(client: Client, settings, directory):
    home = directory.home
    admin = login(client, settings, directory.user(Role.MUNICIPALITY_ADMIN))
    field = Service.objects.get(pk=home.service.pk).field
    response = admin.post(
        f"/staff/resources/new/?municipality={home.municipality.code}",
        {
            "field": str(field.pk),
            "name": "新しい就労体験",
            "status": "active",
            "minimum_age": "40",
            "maximum_age": "20",
            "phone": "でんわ",
            "is_public": "on",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "上限は下限以上にしてください。" in body
    assert not Service.objects.filter(name="新しい就労体験").exists()
    response = admin.post(
        f"/staff/resources/new/?municipality={home.municipality.code}",
        {
            "field": str(field.pk),
            "name": "新しい就労体験",
            "status": "active",
            "phone": "042-100-0777",
            "address_1": "元本郷町0-0-1",
            "area_label": "元本郷",
            "hide_exact_address": "on",
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    created = Service.objects.get(name="新しい就労体験")
    assert created.phones.get().number == "+81421000777"
    assert created.at_locations.get().location.hide_exact_address
    # the other window joins the directory as itself
    response = admin.post(f"/staff/resources/windows/{home.other_window.pk}/add/")
    assert response.status_code == 302
    assert Service.objects.get(window=home.other_window).maximum_age == 17
    assert (
        admin.post(f"/staff/resources/windows/{directory.away.window.pk}/add/").status_code == 404
    )


def _import(admin: Client, code: str, text: str, encoding: str = "utf-8"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("r.csv", text.encode(encoding), content_type="text/csv")
    return admin.post(f"/staff/resources/import/?municipality={code}", {"file": upload})


def test_csv_round_trip_does_not_duplicate(client: Client, settings, directory):
    home = directory.home
    admin = login(client, settings, directory.user(Role.MUNICIPALITY_ADMIN))
    exported = admin.get(f"/staff/resources/export/?municipality={home.municipality.code}")
    assert exported.status_code == 200
    text = exported.content.decode("utf-8")
    assert text.startswith("\ufeff") and "ホーム若者就労支援センター" in text
    assert "秘密町9-9-9" in text  # staff see the exact address
    assert directory.home.window.name not in text  # windows are managed on their own page
    before = (Service.objects.count(), Location.objects.count())
    assert _import(admin, home.municipality.code, text.lstrip("\ufeff")).status_code == 302
    assert _import(admin, home.municipality.code, text.lstrip("\ufeff"), "cp932").status_code == 302
    assert (Service.objects.count(), Location.objects.count()) == before
    added = (
        text.rstrip("\r\n")
        + "\r\n"
        + ",就労,新しい相談会,,新しい団体,,,,,,,無料,,,,,,,,,,,,,,,はい\r\n"
    )
    assert _import(admin, home.municipality.code, added.lstrip("\ufeff")).status_code == 302
    new = Service.objects.get(name="新しい相談会")
    assert new.organization.name == "新しい団体" and new.cost == "free"
    assert new.organization.municipality == home.municipality


def test_csv_errors_are_reported_by_row_and_nothing_is_saved(client: Client, settings, directory):
    home = directory.home
    admin = login(client, settings, directory.user(Role.MUNICIPALITY_ADMIN))
    header = ",".join(csv_io.HEADER)
    rows = [
        header,
        ",就労,正しい行,,,,,,,,,無料,,,,,,,,,,,,,,,はい",
        ",宇宙,分野が違う行,,,,,,,,,,,,,,,,,,,,,,,,",
        ",就労,年齢が逆の行,,,,,,,50,20,,,,,,,,,,,,,,,,",
        ",就労,電話が違う行,,,,,,,,,,,,,,abc,,,,,,,,,,",
        ",就労,正しい行,,,,,,,,,,,,,,,,,,,,,,,,",
    ]
    response = _import(admin, home.municipality.code, "\r\n".join(rows))
    body = response.content.decode()
    assert response.status_code == 200
    assert "3行目：分野「宇宙」がありません" in body
    assert "4行目：" in body and "上限は下限以上にしてください。" in body
    assert "5行目：電話番号：" in body
    assert "6行目：名称「正しい行」が2行目と重複しています。" in body
    assert not Service.objects.filter(name="正しい行").exists()
    response = _import(admin, home.municipality.code, "名前,説明\r\nx,y")
    assert "見出しに 分野・名称 がありません" in response.content.decode()


def test_fields_are_configured_per_municipality(client: Client, settings, directory):
    home = directory.home
    admin = login(client, settings, directory.user(Role.MUNICIPALITY_ADMIN))
    url = f"/staff/resources/fields/?municipality={home.municipality.code}"
    assert admin.get(url).status_code == 200
    response = admin.post(url, {"name": "住まい", "name_en": "Housing", "order": "70"})
    assert response.status_code == 302
    added = home.municipality.resource_fields.get(name="住まい")
    assert added.code == "f-1"
    assert not directory.away.municipality.resource_fields.filter(name="住まい").exists()
    away_field = directory.away.municipality.resource_fields.first()
    assert (
        admin.post(url, {"field": str(away_field.pk), "name": "x", "order": "1"}).status_code == 404
    )
    public = Client().get("/resources/", HTTP_ACCEPT_LANGUAGE="ja")
    assert "住まい" in public.content.decode()
