"""/api/v1 referrals: send, both sides' lists, respond, feedback, cancel — same permissions as
the pages, errors in the documented 422 shape."""

from __future__ import annotations

import pytest
from django.test import Client

from tsunagu.accounts.roles import Role
from tsunagu.referrals.models import Referral, Status
from tsunagu.testing.api import bearer, field_errors
from tsunagu.testing.referrals import LIFE, refer, withdraw_consent


@pytest.fixture
def api():
    return Client()


def _body(world, consent=None, **changes):
    body = {
        "organization_id": world.home.agency.pk,
        "message": "就労について相談したいとのことです。",
        "covers_contacts": True,
        "basis": (
            {"kind": "consent", "consent_id": consent.pk}
            if consent
            else {"kind": "statute", "statute_name": LIFE}
        ),
    }
    body.update(changes)
    return body


def _send(api, user, case, body):
    return api.post(
        f"/api/v1/cases/{case.pk}/referrals",
        data=body,
        content_type="application/json",
        **bearer(user),
    )


def test_send_list_and_answer_through_the_api(world, api, case, consent):
    counsellor, agency = world.user(Role.COUNSELLOR), world.user(Role.AGENCY_STAFF)
    response = _send(api, counsellor, case, _body(world, consent, service_name="居場所"))
    assert response.status_code == 201, response.content
    referral_id = response.json()["id"]
    listed = api.get(f"/api/v1/cases/{case.pk}/referrals", **bearer(counsellor)).json()["items"]
    assert [r["id"] for r in listed] == [referral_id]
    assert listed[0]["basis"]["consent_id"] == consent.pk
    assert listed[0]["shares"] == ["ケース記録", "支援記録"] and listed[0]["shared_view_active"]
    received = api.get("/api/v1/referrals/received", **bearer(agency)).json()["items"]
    assert [r["id"] for r in received] == [referral_id]
    assert received[0]["message"].startswith("就労")
    token = bearer(agency)
    answered = api.post(
        f"/api/v1/referrals/{referral_id}/respond",
        data={"status": "accepted"},
        content_type="application/json",
        **token,
    )
    assert answered.status_code == 200 and answered.json()["status"] == "accepted"
    fed = api.post(
        f"/api/v1/referrals/{referral_id}/feedback",
        data={"text": "面談しました（要配慮）"},
        content_type="application/json",
        **token,
    )
    assert fed.status_code == 201
    # the receiver does not read the S-class note; the sender does
    mine = api.get(f"/api/v1/referrals/{referral_id}", **token).json()
    assert [e["note"] for e in mine["events"] if e["kind"] == "feedback"] == [None]
    theirs = api.get(f"/api/v1/referrals/{referral_id}", **bearer(counsellor)).json()
    assert [e["note"] for e in theirs["events"] if e["kind"] == "feedback"] == [
        "面談しました（要配慮）"
    ]
    assert api.get("/api/v1/referrals/received?status=sent", **token).json()["items"] == []


def test_withdrawn_consent_answers_422_with_the_reason(world, api, case, consent):
    withdraw_consent(consent, world.user(Role.COUNSELLOR))
    response = _send(api, world.user(Role.COUNSELLOR), case, _body(world, consent))
    errors = field_errors(response)
    assert any("撤回" in m for messages in errors.values() for m in messages), errors
    assert not Referral.objects.in_municipality(case.municipality).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"message": ""}, "message"),
        ({"message": "a\u0000b"}, "message"),
        ({"message": 12}, "message"),
        ({"organization_id": 0}, "organization_id"),
        ({"organization_id": "x"}, "organization_id"),
        ({"organization_id": 99999999999999999999}, "organization_id"),
        ({"basis": {"kind": "hope"}}, "basis.kind"),
        ({"basis": {"kind": "consent"}}, "basis"),
        ({"basis": {"kind": "consent", "consent_id": 987654}}, "basis"),
        ({"basis": {"kind": "statute", "statute_name": ""}}, "statute_name"),
        ({"covers_contacts": "maybe"}, "covers_contacts"),
        ({"service_name": "x" * 121}, "service_name"),
    ],
)
def test_hostile_input_answers_422(world, api, case, consent, changes, field):
    response = _send(api, world.user(Role.COUNSELLOR), case, _body(world, consent, **changes))
    errors = field_errors(response)
    assert field in errors, errors
    assert not Referral.objects.in_municipality(case.municipality).exists()


def test_not_json_and_missing_body(world, api, case):
    response = api.post(
        f"/api/v1/cases/{case.pk}/referrals",
        data="{not json",
        content_type="application/json",
        **bearer(world.user(Role.COUNSELLOR)),
    )
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.RECEPTION, 403),
        (Role.CONTRACTED_COUNSELLOR, 404),
        (Role.AGENCY_STAFF, 404),
        (Role.PREFECTURE_ANALYST, 404),
    ],
)
def test_roles_that_may_not_send(world, api, case, role, status):
    assert _send(api, world.user(role), case, _body(world)).status_code == status


def test_respond_and_cancel_permissions_and_transitions(world, api, case):
    counsellor, agency = world.user(Role.COUNSELLOR), world.user(Role.AGENCY_STAFF)
    referral = refer(counsellor, case, world.home.agency)
    url = f"/api/v1/referrals/{referral.pk}"

    def post(user, path, body):
        return api.post(url + path, data=body, content_type="application/json", **bearer(user))

    assert post(counsellor, "/respond", {"status": "accepted"}).status_code == 403
    assert (
        post(world.away.users[Role.SUPERVISOR], "/respond", {"status": "accepted"}).status_code
        == 404
    )
    assert "status" in field_errors(post(agency, "/respond", {"status": "completed"}))
    assert "status" in field_errors(post(agency, "/respond", {"status": "nope"}))
    assert "reason" in field_errors(post(agency, "/respond", {"status": "refused"}))
    assert "text" in field_errors(post(agency, "/feedback", {"text": "まだ"}))
    assert post(agency, "/cancel", {"reason": "x"}).status_code == 403
    assert "reason" in field_errors(post(counsellor, "/cancel", {"reason": ""}))
    cancelled = post(counsellor, "/cancel", {"reason": "本人の希望"})
    assert cancelled.status_code == 200 and cancelled.json()["status"] == Status.CANCELLED
    assert not cancelled.json()["shared_view_active"]
    assert "status" in field_errors(post(agency, "/respond", {"status": "accepted"}))
    # the receiver's case reads end with the referral
    assert api.get(f"/api/v1/cases/{case.pk}", **bearer(agency)).status_code == 404


def test_lists_are_scoped(world, api, case):
    refer(world.user(Role.COUNSELLOR), case, world.home.agency)
    away = world.away.users[Role.SUPERVISOR]
    assert api.get(f"/api/v1/cases/{case.pk}/referrals", **bearer(away)).status_code == 404
    assert api.get("/api/v1/referrals/received", **bearer(away)).status_code == 403
    assert (
        api.get("/api/v1/referrals/received", **bearer(world.user(Role.COUNSELLOR))).status_code
        == 403
    )
    bad = api.get(
        "/api/v1/referrals/received?status=bogus", **bearer(world.user(Role.AGENCY_STAFF))
    )
    assert "status" in field_errors(bad)
