"""The programme form's open-data fields: a phone typed any common way is stored as E.164, kana
as katakana, and only a place of the programme's own municipality may be chosen."""

from __future__ import annotations

from tsunagu.accounts.roles import Role
from tsunagu.programmes.models import Programme
from tsunagu.resources.models import Location

from .test_views import _programme_post


def test_open_data_fields_are_saved_normalised(world, login):
    client = login(world.user(Role.SUPERVISOR))
    hall = Location.objects.create(municipality=world.home.municipality, name="市民会館")
    elsewhere = Location.objects.create(municipality=world.away.municipality, name="よその会館")
    runner = f"window:{world.home.window.pk}"
    data = _programme_post(
        runner,
        name_kana="しんしいかぞくのつどい",
        fee="free",
        contact_phone="０４２－６２０－７３０７",
        contact_extension="123",
        url="https://example.jp/tsudoi",
        parking="5台",
    )
    refused = client.post("/staff/programmes/new/", {**data, "location": elsewhere.pk})
    assert refused.status_code == 200 and not Programme.objects.exists()
    bad_phone = client.post("/staff/programmes/new/", {**data, "contact_phone": "12"})
    assert bad_phone.status_code == 200 and "電話番号" in bad_phone.text
    response = client.post("/staff/programmes/new/", {**data, "location": hall.pk})
    assert response.status_code == 302
    programme = Programme.objects.get()
    assert programme.contact_phone == "+81426207307"
    assert programme.name_kana == "シンシイカゾクノツドイ"
    assert (programme.location, programme.fee, programme.parking) == (hall, "free", "5台")
    edit = client.get(f"/staff/programmes/{programme.pk}/edit/")
    assert "市民会館" in edit.text and "よその会館" not in edit.text
