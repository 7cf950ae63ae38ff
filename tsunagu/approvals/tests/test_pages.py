"""The 「承認待ち」 page and the decision page: who may open them, deciding, form errors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tsunagu.accounts.roles import Role
from tsunagu.approvals import registry, services
from tsunagu.approvals.models import ApprovalRequest
from tsunagu.people.models import Case
from tsunagu.testing.world import make_user


@pytest.fixture
def review():
    registry.register(
        "test_review",
        model=Case,
        label="テスト確認",
        on_decided=lambda request: None,
        url=lambda case: f"/staff/cases/{case.pk}/",
        describe=lambda request: [("確認の観点", request.details.get("point", ""))],
    )
    yield "test_review"
    registry.unregister("test_review")


@pytest.fixture
def waiting(world, review):
    return services.request_approval(
        world.user(Role.COUNSELLOR),
        world.home.case,
        kind=review,
        note="補足です",
        details={"point": "目標の書き方"},
    )


def test_supervisor_lists_and_opens_what_waits(
    world, login, waiting, django_assert_max_num_queries
):
    client = login(world.user(Role.SUPERVISOR))
    url = reverse("approval-waiting")
    client.get(url)
    with django_assert_max_num_queries(10):
        body = client.get(url).content.decode()
    assert f"#{waiting.pk}" in body and "テスト確認" in body and "内容を見て判断する" in body
    with django_assert_max_num_queries(14):
        detail = client.get(reverse("approval-detail", args=[waiting.pk])).content.decode()
    assert "目標の書き方" in detail and "補足です" in detail and "承認する" in detail
    assert f'href="/staff/cases/{world.home.case.pk}/"' in detail


def test_waiting_list_query_count_is_fixed(world, login, review, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tsunagu.testing.people import make_case, make_person

    client = login(world.user(Role.SUPERVISOR))
    counsellor = world.user(Role.COUNSELLOR)
    services.request_approval(counsellor, world.home.case, kind=review)
    client.get(reverse("approval-waiting"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("approval-waiting"))
    for _ in range(12):
        case = make_case(make_person(world.home.municipality), world.home.window)
        services.request_approval(counsellor, case, kind=review)
    with django_assert_num_queries(len(one)):
        body = client.get(reverse("approval-waiting")).content.decode()
    assert "13 件が判断を待っています" in body


@pytest.mark.parametrize(
    "role",
    [
        Role.RECEPTION,
        Role.COUNSELLOR,
        Role.CONTRACTED_COUNSELLOR,
        Role.AGENCY_STAFF,
        Role.MUNICIPALITY_ADMIN,
        Role.WELFARE_COMMISSIONER,
    ],
)
def test_other_roles_cannot_open_or_decide(world, login, waiting, role):
    client = login(world.user(role))
    assert client.get(reverse("approval-waiting")).status_code == 403
    assert client.get(reverse("approval-detail", args=[waiting.pk])).status_code == 404
    for name in ("approval-approve", "approval-return"):
        response = client.post(reverse(name, args=[waiting.pk]), {"comment": "x"})
        assert response.status_code == 404
    waiting.refresh_from_db()
    assert waiting.is_pending


def test_away_supervisor_gets_404(world, login, waiting):
    client = login(world.away.users[Role.SUPERVISOR])
    assert client.get(reverse("approval-detail", args=[waiting.pk])).status_code == 404
    assert client.post(reverse("approval-approve", args=[waiting.pk])).status_code == 404
    assert (
        "承認を待っている申請はありません"
        in client.get(reverse("approval-waiting")).content.decode()
    )


def test_approve_and_return_through_the_page(world, login, waiting, review):
    client = login(world.user(Role.SUPERVISOR))
    response = client.post(reverse("approval-return", args=[waiting.pk]), {"comment": ""})
    assert response.status_code == 200
    assert "直してほしい点をコメントに書いてください" in response.content.decode()
    response = client.post(reverse("approval-return", args=[waiting.pk]), {"comment": "\x00"})
    assert response.status_code == 200
    waiting.refresh_from_db()
    assert waiting.is_pending
    response = client.post(
        reverse("approval-approve", args=[waiting.pk]), {"comment": "了解"}, follow=True
    )
    assert f"テスト確認の申請 #{waiting.pk} を承認しました" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == ApprovalRequest.Status.APPROVED
    again = client.post(reverse("approval-approve", args=[waiting.pk]))
    assert again.status_code == 200 and "すでに判断されています" in again.content.decode()
    assert client.get(reverse("approval-approve", args=[waiting.pk])).status_code == 405


def test_own_request_shows_no_decision_form(world, login, review):
    supervisor = world.user(Role.SUPERVISOR)
    own = services.request_approval(supervisor, world.home.case, kind=review)
    client = login(supervisor)
    body = client.get(reverse("approval-detail", args=[own.pk])).content.decode()
    assert "ご自身の申請です" in body and "承認する" not in body
    response = client.post(reverse("approval-approve", args=[own.pk]))
    assert "自分の申請は承認・差し戻しできません" in response.content.decode()
    make_user("supervisor-2", Role.SUPERVISOR, world.home)
    own.refresh_from_db()
    assert own.is_pending


def test_dashboard_shows_the_supervisors_count_and_nobody_elses(world, login, waiting):
    body = login(world.user(Role.SUPERVISOR)).get(reverse("dashboard")).content.decode()
    assert "承認待ち（1）" in body and 'href="/staff/approvals/"' in body
    body = login(world.user(Role.COUNSELLOR)).get(reverse("dashboard")).content.decode()
    assert "承認待ち（" not in body and 'href="/staff/approvals/"' not in body
    away = login(world.away.users[Role.SUPERVISOR]).get(reverse("dashboard")).content.decode()
    assert "承認待ち（0）" in away
