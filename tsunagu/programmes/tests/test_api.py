"""/api/v1/ programmes, sessions, participants and attendance: the pages' permissions."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tsunagu.accounts.roles import Role
from tsunagu.programmes.models import Participant
from tsunagu.testing.api import bearer, field_errors

from .conftest import make_session


def _get(client: Client, url: str, user):
    return client.get(url, **bearer(user))


def _post(client: Client, url: str, user, body):
    return client.post(url, json.dumps(body), content_type="application/json", **bearer(user))


def test_programmes_and_sessions(world, client, group, org_programme):
    counsellor = world.user(Role.COUNSELLOR)
    make_session(group)
    names = {p["name"] for p in _get(client, "/api/v1/programmes", counsellor).json()["items"]}
    assert names == {group.name, org_programme.name}
    detail = _get(client, f"/api/v1/programmes/{group.pk}", counsellor).json()
    assert detail["kind"] == "persons_group" and detail["schedules"] == []
    sessions = _get(client, f"/api/v1/programmes/{group.pk}/sessions", counsellor).json()
    assert len(sessions["items"]) == 1 and sessions["items"][0]["uid"]
    publicity = world.user(Role.PUBLICITY)
    mine = _get(client, "/api/v1/programmes", publicity).json()["items"]
    assert [p["name"] for p in mine] == [org_programme.name]
    assert _get(client, f"/api/v1/programmes/{group.pk}", publicity).status_code == 404
    assert _get(client, "/api/v1/programmes", world.user(Role.AGENCY_STAFF)).status_code == 403


def test_enrol_and_attendance(world, client, group):
    counsellor = world.user(Role.COUNSELLOR)
    url = f"/api/v1/programmes/{group.pk}/participants"
    created = _post(client, url, counsellor, {"name": "A", "person_id": world.home.person.pk})
    assert created.status_code == 201 and created.json()["status"] == "enrolled"
    errors = field_errors(_post(client, url, counsellor, {"name": "母", "relation": "family"}))
    assert any("本人向け" in m for msgs in errors.values() for m in msgs)
    participant = Participant.objects.unscoped("test").get()
    session = make_session(group)
    answer = _post(
        client,
        f"/api/v1/sessions/{session.pk}/attendance",
        counsellor,
        {
            "marks": [{"participant_id": participant.pk, "present": True, "note": "元気"}],
            "visitors": [{"name": "見学 B"}],
            "visitor_count": 1,
            "anonymous_count": 0,
        },
    )
    assert answer.status_code == 200
    rows = answer.json()["rows"]
    assert {(r["kind"], r["present"], r["note"]) for r in rows} == {
        ("member", True, "元気"),
        ("visitor", True, ""),
    }
    listed = _get(client, url, counsellor).json()["items"]
    assert listed[0]["attendance_rate"] == 100


@pytest.mark.parametrize(
    "role", [Role.RECEPTION, Role.AGENCY_STAFF, Role.PUBLICITY, Role.CONTRACTED_COUNSELLOR]
)
def test_roles_without_the_roster(world, client, group, role):
    user = world.user(role)
    session = make_session(group)
    for status in (
        _get(client, f"/api/v1/programmes/{group.pk}/participants", user).status_code,
        _post(
            client, f"/api/v1/programmes/{group.pk}/participants", user, {"name": "x"}
        ).status_code,
        _get(client, f"/api/v1/sessions/{session.pk}/attendance", user).status_code,
    ):
        assert status in (403, 404)


def test_organisation_account_by_api(world, client, org_programme):
    publicity = world.user(Role.PUBLICITY)
    url = f"/api/v1/programmes/{org_programme.pk}/participants"
    assert _post(client, url, publicity, {"name": "会員"}).status_code == 201
    refused = _post(client, url, publicity, {"name": "x", "person_id": world.home.person.pk})
    assert refused.status_code == 422  # no person record reaches an organisation
    session = make_session(org_programme)
    member = Participant.objects.unscoped("test").get()
    notes = _post(
        client,
        f"/api/v1/sessions/{session.pk}/attendance",
        publicity,
        {"marks": [{"participant_id": member.pk, "present": True, "note": "メモ"}]},
    )
    assert notes.status_code == 422
    ok = _post(
        client,
        f"/api/v1/sessions/{session.pk}/attendance",
        publicity,
        {"marks": [{"participant_id": member.pk, "present": True}], "anonymous_count": 9},
    )
    assert ok.status_code == 200 and ok.json()["session"]["anonymous_count"] == 9
    supervisor = world.user(Role.SUPERVISOR)
    assert _get(client, url, supervisor).status_code == 403


def test_foreign_programme_answers_404(world, client, away_group):
    user = world.user(Role.SUPERVISOR)
    session = make_session(away_group)
    assert _get(client, f"/api/v1/programmes/{away_group.pk}", user).status_code == 404
    assert _get(client, f"/api/v1/sessions/{session.pk}/attendance", user).status_code == 404
    cancel = _post(client, f"/api/v1/sessions/{session.pk}/cancel", user, {"reason": "x"})
    assert cancel.status_code == 404


def test_hostile_attendance_input_answers_422_and_stores_nothing(world, client, group):
    from tsunagu.programmes.models import Attendance

    counsellor = world.user(Role.COUNSELLOR)
    created = _post(
        client, f"/api/v1/programmes/{group.pk}/participants", counsellor, {"name": "A"}
    )
    participant_id = created.json()["id"]
    session = make_session(group)
    url = f"/api/v1/sessions/{session.pk}/attendance"
    for body in (
        {"marks": [{"participant_id": participant_id, "present": True, "note": "a\x00b"}]},
        {"marks": [{"participant_id": 99999999999999999999, "present": True}]},
        {"visitors": [{"name": "山" * 200}]},
        {"anonymous_count": -1},
        {"visitor_count": 99999999999999999999},
    ):
        assert field_errors(_post(client, url, counsellor, body)), body
    assert not Attendance.objects.unscoped("test").exists()
    # the same person twice in one request: one row, the last mark
    twice = {
        "marks": [
            {"participant_id": participant_id, "present": True},
            {"participant_id": participant_id, "present": False},
        ]
    }
    assert _post(client, url, counsellor, twice).status_code == 200
    assert [a.present for a in Attendance.objects.unscoped("test")] == [False]
    names = _post(
        client, f"/api/v1/programmes/{group.pk}/participants", counsellor, {"name": "\x00"}
    )
    assert field_errors(names)
