"""/api/v1/notifications and /api/v1/approvals: the same permissions as the pages, 422 shape."""

from __future__ import annotations

import pytest

from tsunagu.accounts.roles import Role
from tsunagu.approvals.models import ApprovalRequest
from tsunagu.notifications.models import Notification
from tsunagu.people.closure import request_closure
from tsunagu.people.models import Case, ClosureReason
from tsunagu.testing.api import bearer, field_errors


@pytest.fixture
def closure(world) -> ApprovalRequest:
    return request_closure(
        world.user(Role.COUNSELLOR),
        world.home.case,
        closure_reason=ClosureReason.MOVED,
        reason="転居先の窓口へ引き継いだ",
    )


def test_my_notifications_and_marking_them_read(world, client, closure):
    supervisor = world.user(Role.SUPERVISOR)
    headers = bearer(supervisor)
    body = client.get("/api/v1/notifications", **headers).json()
    assert body["unread"] == 1
    (item,) = body["items"]
    assert item["kind"] == "approval_requested" and item["read_at"] is None
    assert item["url"] == f"/staff/approvals/{closure.pk}/"
    response = client.post(f"/api/v1/notifications/{item['id']}/read", **headers)
    assert response.status_code == 200 and response.json()["read_at"]
    assert client.get("/api/v1/notifications?unread_only=true", **headers).json()["items"] == []
    # someone else's notification: 404, and it stays unread
    counsellor = bearer(world.user(Role.COUNSELLOR))
    assert client.post(f"/api/v1/notifications/{item['id']}/read", **counsellor).status_code == 404
    assert client.get("/api/v1/notifications", **counsellor).json()["items"] == []
    assert client.post("/api/v1/notifications/read-all", **headers).json() == {"marked": 0}
    assert client.get("/api/v1/notifications").status_code == 401


def test_supervisor_lists_and_approves(world, client, closure):
    headers = bearer(world.user(Role.SUPERVISOR))
    (item,) = client.get("/api/v1/approvals", **headers).json()["items"]
    assert item["id"] == closure.pk and item["kind"] == "case_closure"
    assert item["note"] == "転居先の窓口へ引き継いだ"
    detail = client.get(f"/api/v1/approvals/{closure.pk}", **headers).json()
    assert detail["target_url"] == f"/staff/cases/{world.home.case.pk}/"
    response = client.post(
        f"/api/v1/approvals/{closure.pk}/approve",
        data={"comment": "了解"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200 and response.json()["status"] == "approved"
    world.home.case.refresh_from_db()
    assert world.home.case.status == Case.Status.CLOSED
    assert Notification.objects.filter(
        recipient=world.user(Role.COUNSELLOR), kind="approval_decided"
    ).exists()
    again = client.post(
        f"/api/v1/approvals/{closure.pk}/return",
        data={"comment": "やはり"},
        content_type="application/json",
        **headers,
    )
    assert "すでに判断されています" in str(field_errors(again))


def test_return_without_comment_and_hostile_input_answer_422(world, client, closure):
    headers = bearer(world.user(Role.SUPERVISOR))
    url = f"/api/v1/approvals/{closure.pk}/return"
    for body in ({}, {"comment": ""}, {"comment": "   "}):
        response = client.post(url, data=body, content_type="application/json", **headers)
        assert "comment" in field_errors(response)
    for body in ({"comment": 12}, {"comment": "\x00"}, {"comment": "あ" * 10_001}):
        response = client.post(url, data=body, content_type="application/json", **headers)
        assert field_errors(response)
    response = client.post(url, data="{", content_type="application/json", **headers)
    assert response.status_code == 422
    closure.refresh_from_db()
    assert closure.is_pending


def test_self_approval_is_refused_with_422(world, client):
    supervisor = world.user(Role.SUPERVISOR)
    own = request_closure(supervisor, world.home.case, closure_reason=ClosureReason.MOVED)
    response = client.post(
        f"/api/v1/approvals/{own.pk}/approve",
        data={},
        content_type="application/json",
        **bearer(supervisor),
    )
    assert "自分の申請" in str(field_errors(response))


@pytest.mark.parametrize(
    "role", [Role.COUNSELLOR, Role.RECEPTION, Role.AGENCY_STAFF, Role.MUNICIPALITY_ADMIN]
)
def test_other_roles_get_403(world, client, closure, role):
    headers = bearer(world.user(role))
    assert client.get("/api/v1/approvals", **headers).status_code == 403
    assert client.get(f"/api/v1/approvals/{closure.pk}", **headers).status_code == 403
    response = client.post(
        f"/api/v1/approvals/{closure.pk}/approve",
        data={},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 403
    closure.refresh_from_db()
    assert closure.is_pending


def test_away_supervisor_gets_404_and_an_empty_list(world, client, closure):
    headers = bearer(world.away.users[Role.SUPERVISOR])
    assert client.get("/api/v1/approvals", **headers).json()["items"] == []
    assert client.get(f"/api/v1/approvals/{closure.pk}", **headers).status_code == 404
    response = client.post(
        f"/api/v1/approvals/{closure.pk}/approve",
        data={},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 404
