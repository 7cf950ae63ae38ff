import datetime

import pytest
from django.utils import timezone

from tsunagu.accounts.models import ApiToken
from tsunagu.accounts.roles import Role
from tsunagu.accounts.tokens import authenticate_token
from tsunagu.audit.models import AuditAction, AuditEvent
from tsunagu.testing.api import issue_test_token


def bearer(user) -> dict[str, str]:
    _, raw = issue_test_token(user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.mark.django_db
def test_openapi_document_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["openapi"].startswith("3.")
    assert "/api/v1/persons/{person_id}" in doc["paths"]
    assert "/api/v1/cases/{case_id}" in doc["paths"]


def test_it_rejects_missing_and_wrong_tokens(world, client):
    assert client.get("/api/v1/me").status_code == 401
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer tsu_not-a-token")
    assert response.status_code == 401


def test_token_is_stored_hashed_and_can_be_revoked(world, client):
    token, raw = issue_test_token(world.user(Role.SUPERVISOR))
    assert raw not in token.token_hash
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    token.revoked_at = token.created_at
    token.save()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_me_lists_memberships(world, client):
    data = client.get("/api/v1/me", **bearer(world.user(Role.COUNSELLOR))).json()
    assert data["memberships"] == [
        {
            "municipality_code": "132012",
            "municipality_name": "八王子市",
            "role": "counsellor",
            "role_label": "相談員",
        }
    ]


def test_person_of_another_municipality_answers_404(world, client):
    headers = bearer(world.user(Role.SUPERVISOR))
    assert client.get(f"/api/v1/persons/{world.away.person.pk}", **headers).status_code == 404
    assert client.get(f"/api/v1/cases/{world.away.case.pk}", **headers).status_code == 404


def test_case_the_user_is_not_on_answers_404(world, client):
    headers = bearer(world.user(Role.CONTRACTED_COUNSELLOR))
    assert client.get(f"/api/v1/cases/{world.home.other_case.pk}", **headers).status_code == 404
    assert client.get(f"/api/v1/cases/{world.home.case.pk}", **headers).status_code == 200


def test_token_has_exactly_its_users_field_permissions(world, client):
    person = world.home.person
    full = client.get(f"/api/v1/persons/{person.pk}", **bearer(world.user(Role.SUPERVISOR)))
    assert full.json()["family_name"] == "山田"
    agency = client.get(
        f"/api/v1/cases/{world.home.case.pk}", **bearer(world.user(Role.AGENCY_STAFF))
    )
    assert agency.status_code == 200
    assert agency.json()["summary"] is None  # S-class field hidden from 関係機関担当
    sup = client.get(f"/api/v1/cases/{world.home.case.pk}", **bearer(world.user(Role.SUPERVISOR)))
    assert sup.json()["summary"] == "相談概要（要配慮）"


def test_api_reads_are_audited_like_pages(world, client):
    user = world.user(Role.SUPERVISOR)
    client.get(f"/api/v1/persons/{world.home.person.pk}", **bearer(user), REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.filter(action=AuditAction.VIEW).latest("id")
    assert event.object_type == "people.person"
    assert event.object_id == str(world.home.person.pk)
    assert event.actor_username == user.username
    assert event.ip_address == "10.1.2.3"


def test_public_municipality_list_needs_no_token(world, client):
    data = client.get("/api/v1/municipalities").json()
    assert [m["code"] for m in data] == ["132012", "132098"]
    assert "漏洩検知" not in str(data)


def test_token_last_use_is_recorded_to_the_minute(world):
    token, raw = issue_test_token(world.user(Role.SUPERVISOR))
    assert authenticate_token(raw) == token.user
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    authenticate_token(raw)  # within the minute: no second write
    token.refresh_from_db()
    assert token.last_used_at == first
    earlier = timezone.now() - datetime.timedelta(minutes=5)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=earlier)
    authenticate_token(raw)
    token.refresh_from_db()
    assert token.last_used_at > earlier + datetime.timedelta(minutes=4)
