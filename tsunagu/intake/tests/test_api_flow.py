"""The intake's next steps through the API hold the same rules as the pages: the window first,
the duplicate confirmation, proposed updates on linking, one intake per concern report."""

from __future__ import annotations

import json

from tsunagu.accounts.roles import Role
from tsunagu.concerns.services import submit_report
from tsunagu.intake.models import Intake
from tsunagu.testing.api import field_errors, issue_test_token
from tsunagu.testing.intake import take_intake

from .test_carry import MOTHERS_CALL


def call(client, user, path: str, body: dict | None = None):
    _, raw = issue_test_token(user, name="test")
    return client.post(
        f"/api/v1{path}",
        json.dumps(body or {}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )


def test_person_needs_the_window_then_carries_the_intake(world, sheet, client):
    reception = world.user(Role.RECEPTION)
    intake = take_intake(reception, world.home, answers=MOTHERS_CALL)
    response = call(client, reception, f"/intakes/{intake.pk}/person")
    assert response.status_code == 422 and "window" in field_errors(response)
    routed = call(client, reception, f"/intakes/{intake.pk}/route", {"window_id": 0})
    assert routed.status_code == 422
    routed = call(
        client, reception, f"/intakes/{intake.pk}/route", {"window_id": world.home.window.pk}
    )
    assert routed.status_code == 200 and routed.json()["visible"] is True
    response = call(client, reception, f"/intakes/{intake.pk}/person")
    assert response.status_code == 201, response.content
    data = response.json()
    intake.refresh_from_db()
    assert data["case_id"] == intake.case_id and data["person_id"] == intake.person_id
    assert intake.person.sex == "male" and intake.person.district == "多摩平"


def test_new_person_despite_candidates_needs_confirmation(world, sheet, client):
    counsellor = world.user(Role.COUNSELLOR)
    person = world.home.person
    answers = {
        **MOTHERS_CALL,
        "person_family_name": person.family_name,
        "person_given_name": person.given_name,
    }
    intake = take_intake(counsellor, world.home, answers=answers)
    call(client, counsellor, f"/intakes/{intake.pk}/route", {"window_id": world.home.window.pk})
    response = call(client, counsellor, f"/intakes/{intake.pk}/person")
    assert response.status_code == 422 and "confirmed_new" in field_errors(response)
    response = call(client, counsellor, f"/intakes/{intake.pk}/person", {"confirmed_new": True})
    assert response.status_code == 201 and response.json()["person_id"] != person.pk


def test_link_applies_the_chosen_updates(world, sheet, client):
    counsellor = world.user(Role.COUNSELLOR)
    person = world.home.person
    sex_before = person.sex
    intake = take_intake(counsellor, world.home, answers=MOTHERS_CALL)
    call(client, counsellor, f"/intakes/{intake.pk}/route", {"window_id": world.home.window.pk})
    response = call(
        client,
        counsellor,
        f"/intakes/{intake.pk}/link",
        {"person_id": person.pk, "apply": ["district"]},
    )
    assert response.status_code == 201 and response.json()["person_id"] == person.pk
    person.refresh_from_db()
    assert person.district == "多摩平" and person.sex == sex_before  # only what was chosen
    missing = call(client, counsellor, "/intakes/999999/link", {"person_id": person.pk})
    assert missing.status_code == 404
    assert (
        call(
            client, counsellor, f"/intakes/{intake.pk}/link", {"person_id": world.away.person.pk}
        ).status_code
        == 404
    )


def test_intake_from_a_concern_report_once(world, sheet, client):
    reception = world.user(Role.RECEPTION)
    report = submit_report(
        world.user(Role.WELFARE_COMMISSIONER),
        world.home.municipality,
        district="多摩平",
        approximate_age="50代",
        situation="姿を見ない",
    )
    body = {
        "municipality_code": world.home.municipality.code,
        "window_id": world.home.window.pk,
        "answers": {"channel": "phone"},
        "concern_report_id": report.pk,
    }
    response = call(client, reception, "/intakes", body)
    assert response.status_code == 201, response.content
    assert response.json()["concern_report_id"] == report.pk
    intake = Intake.objects.unscoped("test").get(pk=response.json()["id"])
    assert intake.answers["person_district"] == "多摩平" and intake.answers["channel"] == "phone"
    again = call(client, reception, "/intakes", body)
    assert again.status_code == 422 and "concern_report" in field_errors(again)
    away = {**body, "concern_report_id": world.away.concern_report.pk}
    assert call(client, reception, "/intakes", away).status_code == 404
