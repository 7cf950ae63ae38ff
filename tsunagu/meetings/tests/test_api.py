"""The meetings API: same permissions as the pages, 422 in the documented shape."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.meetings.models import ActionItem, AgendaItem, Meeting, MeetingMember
from tsunagu.testing.api import bearer, field_errors
from tsunagu.testing.meetings import add_member, make_meeting, table_case

pytestmark = pytest.mark.django_db


def _post(client: Client, url: str, user, body) -> object:
    return client.post(
        url,
        data=body if isinstance(body, str) else json.dumps(body),
        content_type="application/json",
        **bearer(user),
    )


def _body(world, **extra):
    start = timezone.localtime() + datetime.timedelta(days=1)
    body = {
        "kind": "shien_kaigi",
        "title": "第2回 支援会議",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "place": "市役所",
        "window_id": world.home.window.pk,
    }
    body.update(extra)
    return body


def test_create_meeting_and_invite(world, agencies, client):
    counsellor = world.user(Role.COUNSELLOR)
    response = _post(
        client,
        "/api/v1/meetings",
        counsellor,
        _body(world, member_ids=[a.pk for a in agencies]),
    )
    assert response.status_code == 201, response.content
    meeting = Meeting.objects.in_municipality(world.home.municipality).get(pk=response.json()["id"])
    members = MeetingMember.objects.in_municipality(meeting.municipality_id).filter(meeting=meeting)
    assert {m.user_id for m in members} == {counsellor.pk, *(a.pk for a in agencies)}
    listed = client.get("/api/v1/meetings", **bearer(agencies[0])).json()["items"]
    assert [m["id"] for m in listed] == [meeting.pk]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"kind": "secret"}, "kind"),
        ({"title": ""}, "title"),
        ({"title": "x" * 101}, "title"),
        ({"title": "a\u0000b"}, "title"),
        ({"starts_at": "not a date"}, "starts_at"),
        ({"starts_at": "9999-99-99T99:99"}, "starts_at"),
        ({"online_url": "javascript:alert(1)", "place": ""}, "online_url"),
        ({"access_hours": 100000}, "access_hours"),
        ({"access_hours": "many"}, "access_hours"),
        ({"window_id": 99999999999999999999}, "window_id"),
        ({"window_id": 987654}, "window_id"),
        ({"member_ids": [987654]}, "member_ids"),
        ({"member_ids": "all"}, "member_ids"),
    ],
)
def test_hostile_input_answers_422(world, client, extra, field):
    response = _post(client, "/api/v1/meetings", world.user(Role.COUNSELLOR), _body(world, **extra))
    errors = field_errors(response)
    assert any(key.startswith(field) for key in errors), errors
    assert not Meeting.objects.unscoped("test").exists()


def test_not_json_answers_422(world, client):
    response = _post(client, "/api/v1/meetings", world.user(Role.COUNSELLOR), "{not json")
    assert response.status_code == 422


@pytest.mark.parametrize(
    "role", [Role.RECEPTION, Role.AGENCY_STAFF, Role.CONTRACTED_COUNSELLOR, Role.PUBLICITY]
)
def test_roles_that_may_not_convene(world, client, role):
    response = _post(client, "/api/v1/meetings", world.user(role), _body(world))
    assert response.status_code in (401, 403)


def test_foreign_window_is_refused(world, client):
    body = _body(world, window_id=world.away.window.pk)
    errors = field_errors(_post(client, "/api/v1/meetings", world.user(Role.COUNSELLOR), body))
    assert "window_id" in errors


@pytest.fixture
def session(world, agencies):
    meeting = make_meeting(world.home.window, world.user(Role.COUNSELLOR))
    member = add_member(meeting, agencies[0])
    item = table_case(meeting, world.home.case, [member])
    action = ActionItem.objects.create(
        municipality=world.home.municipality,
        item=item,
        case=world.home.case,
        owner=agencies[0],
        title="母親に連絡する",
        due_on=timezone.localdate() - datetime.timedelta(days=1),
        created_by=world.user(Role.COUNSELLOR),
    )
    return meeting, member, item, action


def test_member_flow_through_the_api(world, agencies, client, session):
    meeting, _member, item, action = session
    me = bearer(agencies[0])
    assert client.get(f"/api/v1/meetings/{meeting.pk}/agenda", **me).status_code == 403
    response = client.post(f"/api/v1/meetings/{meeting.pk}/acknowledge", **me)
    assert response.status_code == 200 and response.json()["acknowledged"] is True
    agenda = client.get(f"/api/v1/meetings/{meeting.pk}/agenda", **me).json()["items"]
    assert [i["id"] for i in agenda] == [item.pk]
    assert agenda[0]["sensitive_summary"] is None  # 関係機関: no 要配慮
    counsellor = client.get(
        f"/api/v1/agenda-items/{item.pk}", **bearer(world.user(Role.COUNSELLOR))
    ).json()
    assert counsellor["sensitive_summary"] == item.sensitive_summary
    mine = client.get("/api/v1/action-items", **me).json()["items"]
    assert [(a["id"], a["overdue"]) for a in mine] == [(action.pk, True)]
    other = bearer(agencies[1])
    assert client.post(f"/api/v1/action-items/{action.pk}/done", **other).status_code == 404
    done = client.post(f"/api/v1/action-items/{action.pk}/done", **me).json()
    assert done["done"] is True
    assert client.get("/api/v1/action-items", **me).json()["items"] == []


def test_agenda_and_action_items_api(world, agencies, client, session):
    meeting, _member, item, _action = session
    counsellor = world.user(Role.COUNSELLOR)
    url = f"/api/v1/meetings/{meeting.pk}/agenda"
    # another window's case, a case id beyond the database, nothing: 422
    for case_id in (world.home.other_case.pk, 987654):
        errors = field_errors(_post(client, url, counsellor, {"case_id": case_id, "heading": "B"}))
        assert "case_id" in errors
    errors = field_errors(_post(client, url, counsellor, {"heading": ""}))
    assert "heading" in errors
    assert _post(client, url, agencies[0], {"heading": "x"}).status_code == 403
    action_url = f"/api/v1/agenda-items/{item.pk}/action-items"
    body = {"owner_id": agencies[0].pk, "title": "訪問", "due_on": "not a date"}
    assert "due_on" in field_errors(_post(client, action_url, counsellor, body))
    body["due_on"] = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    # a member (not acknowledged yet: the item is not even visible) records nothing
    assert _post(client, action_url, agencies[0], body).status_code == 404
    assert _post(client, action_url, counsellor, body).status_code == 201
    body["owner_id"] = world.user(Role.RECEPTION).pk  # not a member
    assert "owner" in field_errors(_post(client, action_url, counsellor, body))
    assert AgendaItem.objects.in_municipality(world.home.municipality).count() == 1


def test_foreign_and_missing_answer_404(world, client, session):
    meeting, _member, item, action = session
    away = bearer(world.away.users[Role.SUPERVISOR])
    for url in (
        f"/api/v1/meetings/{meeting.pk}",
        f"/api/v1/meetings/{meeting.pk}/agenda",
        f"/api/v1/agenda-items/{item.pk}",
        "/api/v1/meetings/987654",
    ):
        assert client.get(url, **away).status_code == 404, url
    assert client.post(f"/api/v1/action-items/{action.pk}/done", **away).status_code == 404
