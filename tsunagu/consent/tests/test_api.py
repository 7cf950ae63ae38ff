"""The consent API: same permissions as the pages, 422 with the documented shape."""

from __future__ import annotations

import pytest

from tsunagu.accounts.roles import Role
from tsunagu.consent.disclosure import Basis, DisclosureRefused, disclose
from tsunagu.consent.models import Category, Consent
from tsunagu.testing.api import bearer, field_errors

from .helpers import a_year_ahead

pytestmark = pytest.mark.django_db
API = "/api/v1"


def body(world, **changes):
    data = {
        "given_by": "person",
        "organization_ids": [world.home.agency.pk],
        "categories": ["basic", "contacts"],
        "purpose": "おつなぎのため",
        "given_on": "2026-04-10",
        "form": "electronic",
        "expires_on": a_year_ahead().isoformat(),
    }
    data.update(changes)
    return data


def post(client, user, url, data):
    return client.post(url, data=data, content_type="application/json", **bearer(user))


@pytest.mark.parametrize("role", [Role.COUNSELLOR, Role.SUPERVISOR, Role.CONTRACTED_COUNSELLOR])
def test_casework_roles_list_and_record(consents, client, role):
    user = consents.user(role)
    url = f"{API}/cases/{consents.home.case.pk}/consents"
    response = post(client, user, url, body(consents))
    assert response.status_code == 201, response.content
    new_id = response.json()["id"]
    listed = client.get(url, **bearer(user)).json()["items"]
    assert [c["id"] for c in listed][:1] == [new_id]
    first = listed[0]
    assert first["status"] == "valid" and first["status_label"] == "有効"
    assert first["organizations"] == [
        {"id": consents.home.agency.pk, "name": consents.home.agency.name}
    ]
    assert first["category_labels"] == ["基本情報", "支援記録"]


@pytest.mark.parametrize(
    "role",
    [Role.RECEPTION, Role.AGENCY_STAFF, Role.WELFARE_COMMISSIONER, Role.MUNICIPALITY_ADMIN],
)
def test_other_roles_are_refused(consents, client, role):
    user = consents.user(role)
    case_url = f"{API}/cases/{consents.home.case.pk}/consents"
    assert client.get(case_url, **bearer(user)).status_code in (403, 404)
    assert post(client, user, case_url, body(consents)).status_code in (403, 404)
    consent = consents.home.consent.pk
    withdraw = f"{API}/consents/{consent}/withdraw"
    assert post(client, user, withdraw, {"reason": "x"}).status_code in (403, 404)
    assert Consent.objects.unscoped("test").get(pk=consent).withdrawn_at is None
    disclosures = f"{API}/persons/{consents.home.person.pk}/disclosures"
    assert client.get(disclosures, **bearer(user)).status_code in (403, 404)


def test_other_municipality_and_other_window_answer_404(consents, client):
    away = consents.away.users[Role.SUPERVISOR]
    assert (
        client.get(f"{API}/cases/{consents.home.case.pk}/consents", **bearer(away)).status_code
        == 404
    )
    counsellor = consents.user(Role.COUNSELLOR)
    url = f"{API}/consents/{consents.home.other_consent.pk}/withdraw"
    assert post(client, counsellor, url, {"reason": "x"}).status_code == 404


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"given_by": "neighbour"}, "given_by"),
        ({"given_by": "family_only"}, "given_by_name"),
        ({"organization_ids": []}, "organization_ids"),
        ({"organization_ids": [0]}, "organization_ids.0"),
        ({"organization_ids": ["x"]}, "organization_ids.0"),
        ({"organization_ids": [987654321]}, "organization_ids"),
        ({"categories": ["all"]}, "categories.0"),
        ({"categories": "basic"}, "categories"),
        ({"purpose": ""}, "purpose"),
        ({"purpose": "\x00"}, "purpose"),
        ({"purpose": "長" * 20000}, "purpose"),
        ({"given_on": "not a date"}, "given_on"),
        ({"given_on": "2999-01-01"}, "given_on"),
        ({"expires_on": "2026-01-01"}, "expires_on"),
        ({"form": None}, "form"),
    ],
)
def test_bad_input_answers_422(world, client, changes, field):
    user = world.user(Role.COUNSELLOR)
    response = post(
        client, user, f"{API}/cases/{world.home.case.pk}/consents", body(world, **changes)
    )
    errors = field_errors(response)
    assert any(key == field or key.startswith(field) for key in errors), errors
    assert not Consent.objects.unscoped("test").exists()


def test_an_away_organization_answers_422(world, client):
    user = world.user(Role.COUNSELLOR)
    data = body(world, organization_ids=[world.away.agency.pk])
    response = post(client, user, f"{API}/cases/{world.home.case.pk}/consents", data)
    assert "organization_ids" in field_errors(response)


def test_change_and_withdraw_then_sharing_is_refused(consents, client):
    user = consents.user(Role.COUNSELLOR)
    old = consents.home.consent
    response = post(client, user, f"{API}/consents/{old.pk}/change", body(consents, purpose="変更"))
    assert response.status_code == 201
    new_id = response.json()["id"]
    again = post(client, user, f"{API}/consents/{old.pk}/change", body(consents))
    assert "すでに変更" in field_errors(again)[""][0]
    assert field_errors(post(client, user, f"{API}/consents/{new_id}/withdraw", {"reason": ""}))
    response = post(client, user, f"{API}/consents/{new_id}/withdraw", {"reason": "本人の申し出"})
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "withdrawn" and data["withdrawal_reason"] == "本人の申し出"
    assert data["withdrawn_by"]
    new = Consent.objects.unscoped("test").get(pk=new_id)
    with pytest.raises(DisclosureRefused, match="撤回"):
        disclose(
            user,
            consents.home.case,
            channel="referral",
            organizations=[consents.home.agency],
            categories=[Category.BASIC],
            basis=Basis.consent(new),
        )


def test_supervisor_lists_a_persons_disclosures(consents, client):
    user = consents.user(Role.SUPERVISOR)
    response = client.get(f"{API}/persons/{consents.home.person.pk}/disclosures", **bearer(user))
    assert response.status_code == 200
    items = response.json()["items"]
    assert len(items) == 1 and items[0]["basis"] == "statute" and items[0]["channel"] == "export"
    assert items[0]["organizations"][0]["id"] == consents.home.agency.pk
    away = client.get(f"{API}/persons/{consents.away.person.pk}/disclosures", **bearer(user))
    assert away.status_code == 404
