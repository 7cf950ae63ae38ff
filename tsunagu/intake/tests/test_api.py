"""POST /api/v1/intakes."""

from __future__ import annotations

import json

from tsunagu.accounts.roles import Role
from tsunagu.intake.models import Intake
from tsunagu.testing.api import field_errors, issue_test_token
from tsunagu.testing.intake import FAMILY_CALL


def post(client, user, payload):
    _, raw = issue_test_token(user, name="test")
    return client.post(
        "/api/v1/intakes",
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )


def payload(world, **extra):
    return {
        "municipality_code": "132012",
        "window_id": world.home.window.pk,
        "answers": FAMILY_CALL,
        "submit": True,
        **extra,
    }


def test_create_submitted_intake(world, sheet, client):
    response = post(client, world.user(Role.RECEPTION), payload(world))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "submitted" and data["number"].endswith("-0001")
    intake = Intake.objects.unscoped("test").get(pk=data["id"])
    assert intake.form_version == sheet and intake.person_age_band == "40"


def test_draft_and_explicit_version(world, sheet, client):
    response = post(
        client,
        world.user(Role.COUNSELLOR),
        payload(world, answers={"channel": "phone"}, submit=False, form_version_id=sheet.pk),
    )
    assert response.status_code == 201 and response.json()["status"] == "draft"


def test_invalid_answers_give_per_field_japanese_errors(world, sheet, client):
    response = post(
        client,
        world.user(Role.RECEPTION),
        payload(world, answers={"channel": "fax", "suicidal": "yes", "bogus": 1}),
    )
    errors = field_errors(response)
    assert errors["channel"] == ["選択肢から選んでください。"]
    assert errors["bogus"] == ["この受付票にない項目です。"]
    assert Intake.objects.unscoped("test").count() == 0


def test_permission_and_tenancy(world, sheet, client):
    assert post(client, world.user(Role.AGENCY_STAFF), payload(world)).status_code == 403
    assert (
        post(
            client, world.user(Role.RECEPTION), payload(world, municipality_code="132098")
        ).status_code
        == 403
    )
    assert (
        post(
            client, world.user(Role.RECEPTION), payload(world, window_id=world.away.window.pk)
        ).status_code
        == 404
    )
    assert (
        post(
            client, world.user(Role.RECEPTION), payload(world, municipality_code="999999")
        ).status_code
        == 404
    )
    away_version = sheet.__class__.objects.exclude(pk=sheet.pk).get()
    assert (
        post(
            client, world.user(Role.RECEPTION), payload(world, form_version_id=away_version.pk)
        ).status_code
        == 404
    )
    assert client.post("/api/v1/intakes", "{}", content_type="application/json").status_code == 401


def test_in_openapi_document(client, db):
    doc = client.get("/api/v1/openapi.json").json()
    operation = doc["paths"]["/api/v1/intakes"]["post"]
    assert {"201", "401", "403", "404", "422"} <= set(operation["responses"])
    assert "400" not in operation["responses"]
