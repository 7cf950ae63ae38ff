"""The API's one error shape (422 for every invalid input) and its OpenAPI documentation."""

from __future__ import annotations

import pytest

from tsunagu.accounts.roles import Role
from tsunagu.testing.api import bearer, field_errors


@pytest.mark.django_db
def test_every_operation_documents_its_errors(client):
    doc = client.get("/api/v1/openapi.json").json()
    schemas = doc["components"]["schemas"]
    assert schemas["ValidationErrorOut"]["properties"]["detail"]["type"] == "array"
    assert set(schemas["ValidationErrorItem"]["required"]) == {"loc", "msg", "type"}
    operations = [(p, m, op) for p, methods in doc["paths"].items() for m, op in methods.items()]
    assert len(operations) >= 12
    for path, method, op in operations:
        responses = op["responses"]
        assert "400" not in responses, (method, path)
        if op.get("security"):
            assert {"401", "403", "404"} <= set(responses), (method, path)
        if op.get("parameters") or op.get("requestBody"):
            ref = responses["422"]["content"]["application/json"]["schema"]["$ref"]
            assert ref == "#/components/schemas/ValidationErrorOut", (method, path)


def test_schema_errors_and_service_errors_share_the_shape_in_japanese(world, client):
    auth = bearer(world.user(Role.SUPERVISOR))
    response = client.post("/api/v1/concern-reports", {}, content_type="application/json", **auth)
    assert response.status_code in (403, 422)
    url = f"/api/v1/cases/{world.home.case.pk}/contacts"
    errors = field_errors(client.post(url, {}, content_type="application/json", **auth))
    assert errors["channel"] == ["必須の項目です。"]
    body = {"channel": "phone", "occurred_at": "2026-04-01T10:30", "reached": "family",
            "duration_minutes": "abc"}  # fmt: skip
    errors = field_errors(client.post(url, body, content_type="application/json", **auth))
    assert errors == {"duration_minutes": ["整数で入力してください。"]}
    # a service's ValidationError (not a schema's) answers the same shape
    body = {**body, "duration_minutes": 10, "staff_ids": [world.away.users[Role.COUNSELLOR].pk]}
    errors = field_errors(client.post(url, body, content_type="application/json", **auth))
    assert list(errors) == ["staff"]


def test_denied_and_missing_answer_json_in_japanese(world, client):
    agency = bearer(world.user(Role.AGENCY_STAFF))
    response = client.post(
        f"/api/v1/cases/{world.home.case.pk}/contacts",
        {},
        content_type="application/json",
        **agency,
    )
    assert response.status_code in (403, 422)
    response = client.get("/api/v1/concern-reports", **agency)
    assert response.status_code == 403 and isinstance(response.json()["detail"], str)
    sup = bearer(world.user(Role.SUPERVISOR))
    response = client.get(f"/api/v1/cases/{world.away.case.pk}", **sup)
    assert response.status_code == 404 and response.json() == {"detail": "見つかりません。"}
