import datetime

import pytest
from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.contacts.models import Contact, NoteSource
from tsunagu.testing.api import field_errors, issue_test_token
from tsunagu.testing.contacts import make_contact


def bearer(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_test_token(user, name='test')[1]}"}


def url(case) -> str:
    return f"/api/v1/cases/{case.pk}/contacts"


PAYLOAD = {
    "channel": "visit",
    "occurred_at": "2026-04-01T10:30:00+09:00",
    "duration_minutes": 40,
    "reached": "letter_left",
    "summary": "不在のため手紙を置いた",
    "notes": [
        {"source": "staff", "text": "カーテンが閉まっていた"},
        {"source": "third_party", "text": "近所の方から：夜に明かり"},
    ],
    "next_action": "1週間後に再訪問",
    "next_action_due": "2026-04-08",
}


def post(client, case, user, payload=PAYLOAD):
    return client.post(url(case), payload, content_type="application/json", **bearer(user))


def test_list_is_newest_first_with_s_fields_for_counsellors(world, client):
    case = world.home.case
    old = make_contact(
        case,
        occurred_at=timezone.now() - datetime.timedelta(days=3),
        notes=[(NoteSource.PERSON, "本人の言葉")],
    )
    new = make_contact(case, summary="最新の記録", staff=[world.user(Role.COUNSELLOR)])
    response = client.get(url(case), **bearer(world.user(Role.COUNSELLOR)))
    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["id"] for i in items] == [new.pk, old.pk]
    assert items[0]["summary"] == "最新の記録"
    assert items[0]["staff"] == [str(world.user(Role.COUNSELLOR))]
    assert items[1]["notes"] == [
        {"source": "person", "source_label": "本人の発言", "text": "本人の言葉"}
    ]
    assert items[0]["channel_label"] == "電話"


def test_agency_staff_get_no_s_fields(world, client):
    make_contact(
        world.home.case,
        summary="要配慮の概要",
        next_action="要配慮の次回",
        notes=[(NoteSource.PERSON, "本人の言葉")],
    )
    response = client.get(url(world.home.case), **bearer(world.user(Role.AGENCY_STAFF)))
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["summary"] is None and item["notes"] is None and item["next_action"] is None
    assert item["channel"] == "phone"
    assert "要配慮" not in response.content.decode()


def test_post_creates_a_contact(world, client):
    counsellor = world.user(Role.COUNSELLOR)
    response = post(client, world.home.case, counsellor)
    assert response.status_code == 201, response.content
    contact = Contact.objects.in_municipality(world.home.municipality).get(pk=response.json()["id"])
    assert timezone.localtime(contact.occurred_at).hour == 10
    assert contact.next_action_due == datetime.date(2026, 4, 8)
    assert list(contact.staff.all()) == [counsellor]
    listed = client.get(url(world.home.case), **bearer(counsellor)).json()["items"][0]
    assert [n["source"] for n in listed["notes"]] == ["staff", "third_party"]


def test_invalid_codes_answer_422_in_japanese(world, client):
    bad = {
        **PAYLOAD,
        "channel": "fax",
        "reached": "nobody",
        "notes": [{"source": "rumour", "text": "うわさ"}],
    }
    response = post(client, world.home.case, world.user(Role.COUNSELLOR), bad)
    errors = field_errors(response)
    assert "「fax」は使えません" in errors["channel"][0]
    assert "「nobody」" in errors["reached"][0]
    assert "「rumour」は使えません" in errors["notes.0.source"][0]
    response = post(
        client, world.home.case, world.user(Role.COUNSELLOR), {**PAYLOAD, "occurred_at": "昨日"}
    )
    assert "日時" in field_errors(response)["occurred_at"][0]
    assert not Contact.objects.in_municipality(world.home.municipality).exists()


def test_staff_of_another_municipality_answer_422(world, client):
    payload = {**PAYLOAD, "staff_ids": [world.away.users[Role.COUNSELLOR].pk]}
    response = post(client, world.home.case, world.user(Role.COUNSELLOR), payload)
    assert "staff" in field_errors(response)


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.COUNSELLOR, Role.CONTRACTED_COUNSELLOR])
def test_foreign_and_unassigned_cases_answer_404(world, client, role):
    user = world.user(role)
    cases = [world.away.case] + ([] if role == Role.SUPERVISOR else [world.home.other_case])
    for case in cases:
        assert client.get(url(case), **bearer(user)).status_code == 404
        assert post(client, case, user).status_code == 404
    assert not Contact.objects.unscoped("test").exists()


def test_read_only_roles_answer_403_on_post(world, client):
    assert post(client, world.home.case, world.user(Role.AGENCY_STAFF)).status_code == 403
    assert post(client, world.home.case, world.user(Role.RECEPTION)).status_code == 403


def test_in_the_openapi_document(client, db):
    doc = client.get("/api/v1/openapi.json").json()
    path = doc["paths"]["/api/v1/cases/{case_id}/contacts"]
    assert {"get", "post"} <= set(path)
    assert {"201", "401", "403", "404", "422"} <= set(path["post"]["responses"])
