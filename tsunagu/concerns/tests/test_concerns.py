"""民生委員 concern reports: submit, own list (never the case or intake), triage, API."""

import pytest
from django.core.exceptions import PermissionDenied

from tsunagu.accounts.permissions import Action
from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditEvent
from tsunagu.concerns.models import ConcernReport
from tsunagu.concerns.services import (
    mark_triaged,
    reports_to_triage,
    submit_report,
)
from tsunagu.intake.form_services import install_default_sheet
from tsunagu.intake.from_concern import start_intake_from_report
from tsunagu.people.models import Case, Person
from tsunagu.testing.api import field_errors, issue_test_token
from tsunagu.testing.routing_concerns import login

FORM = {
    "district": "元本郷町",
    "person_hint": "山本さん宅の次男",
    "approximate_age": "30代",
    "situation": "数年、姿を見ていない。母親が心配している（要配慮テキスト）",
    "how_known": "母親から",
    "is_urgent": "on",
}


def bearer(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_test_token(user)[1]}"}


def test_commissioner_submits_and_sees_only_received_or_confirmed(client, settings, world):
    commissioner = world.user(Role.WELFARE_COMMISSIONER)
    c = login(client, settings, commissioner)
    assert c.get("/staff/concerns/new/").status_code == 200
    response = c.post("/staff/concerns/new/", FORM)
    assert response.status_code == 302 and response["Location"] == "/staff/concerns/mine/"
    report = ConcernReport.objects.visible_to(commissioner, Action.SUBMIT_CONCERN_REPORT).get(
        person_hint="山本さん宅の次男"
    )
    assert report.reported_by == commissioner and report.is_urgent
    assert report.municipality == world.home.municipality
    body = c.get("/staff/concerns/mine/").content.decode()
    assert "受け付けました（職員の確認待ち）" in body and "元本郷町" in body
    assert "要配慮テキスト" not in body  # the S-class situation is not shown back

    install_default_sheet(world.home.municipality)
    intake = start_intake_from_report(world.user(Role.RECEPTION), report, window=world.home.window)
    body = c.get("/staff/concerns/mine/").content.decode()
    assert "職員が確認しました" in body
    assert intake.number not in body and "/staff/intake" not in body
    assert "/staff/cases" not in body
    # never the case, the intake or the triage pages
    for url in (
        "/staff/concerns/",
        f"/staff/concerns/{report.pk}/",
        f"/staff/concerns/{report.pk}/triage/",
    ):
        assert c.get(url).status_code in (403, 404), url
    assert not Case.objects.visible_to(commissioner, Action.VIEW_CASE).exists()
    assert set(Person.objects.visible_to(commissioner, Action.VIEW_PERSON)) == set()


def test_form_errors_are_japanese(client, settings, world):
    c = login(client, settings, world.user(Role.WELFARE_COMMISSIONER))
    body = c.post("/staff/concerns/new/", {"district": "", "situation": ""}).content.decode()
    assert "地区・町名を入力してください。" in body
    assert "気になっている様子を入力してください。" in body


def test_own_list_shows_only_own_reports(client, settings, world, django_assert_max_num_queries):
    commissioner = world.user(Role.WELFARE_COMMISSIONER)
    for i in range(15):
        submit_report(commissioner, world.home.municipality, district=f"地区{i}", situation="x")
    c = login(client, settings, commissioner)
    # + the audit entry naming the records the list showed
    with django_assert_max_num_queries(14):
        body = c.get("/staff/concerns/mine/").content.decode()
    assert "地区14" in body and "原町田" not in body and "漏洩検知" not in body


@pytest.mark.parametrize(
    "role",
    [Role.RECEPTION, Role.COUNSELLOR, Role.SUPERVISOR, Role.AGENCY_STAFF, Role.MUNICIPALITY_ADMIN],
)
def test_only_commissioners_submit(world, role):
    with pytest.raises(PermissionDenied):
        submit_report(world.user(role), world.home.municipality, district="x", situation="y")


def test_triage_list_and_mark_triaged(client, settings, world, django_assert_max_num_queries):
    commissioner = world.user(Role.WELFARE_COMMISSIONER)
    for i in range(12):
        submit_report(commissioner, world.home.municipality, district=f"台町{i}", situation="s")
    reception = world.user(Role.RECEPTION)
    c = login(client, settings, reception)
    # + the audit entry naming the records the list showed
    with django_assert_max_num_queries(16):
        response = c.get("/staff/concerns/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "台町11" in body and "元本郷町" in body and "受付票を作成" in body
    assert "漏洩検知" not in body and "原町田" not in body
    report = world.home.concern_report
    assert f"/staff/intake/new/?concern={report.pk}" in body
    detail = c.get(f"/staff/concerns/{report.pk}/")
    assert detail.status_code == 200 and "長男が何年も" in detail.content.decode()
    assert AuditEvent.objects.filter(
        action="view", object_type="concerns.concernreport", object_id=str(report.pk)
    ).exists()
    assert c.get(f"/staff/concerns/{world.away.concern_report.pk}/").status_code == 404
    assert c.post(f"/staff/concerns/{world.away.concern_report.pk}/triage/").status_code == 404

    assert report in reports_to_triage(reception)
    assert c.post(f"/staff/concerns/{report.pk}/triage/").status_code == 302
    report.refresh_from_db()
    assert report.status == ConcernReport.Status.TRIAGED and report.triaged_by == reception
    assert report.triaged_at is not None
    assert report not in reports_to_triage(reception)
    # idempotent
    mark_triaged(world.user(Role.COUNSELLOR), report)
    report.refresh_from_db()
    assert report.triaged_by == reception


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        (Role.RECEPTION, True),
        (Role.COUNSELLOR, True),
        (Role.SUPERVISOR, True),
        (Role.CONTRACTED_COUNSELLOR, False),
        (Role.AGENCY_STAFF, False),
        (Role.MUNICIPALITY_ADMIN, False),
        (Role.PUBLICITY, False),
    ],
)
def test_who_triages(world, role, sees):
    user = world.user(role)
    assert (world.home.concern_report in reports_to_triage(user)) is sees
    assert world.away.concern_report not in ConcernReport.objects.visible_to(
        user, Action.CREATE_INTAKE
    )


def test_triage_list_is_forbidden_to_others(client, settings, world):
    for role in (Role.AGENCY_STAFF, Role.MUNICIPALITY_ADMIN, Role.PUBLICITY):
        client.logout()
        c = login(client, settings, world.user(role))
        assert c.get("/staff/concerns/").status_code == 403, role
        assert c.get(f"/staff/concerns/{world.home.concern_report.pk}/").status_code == 404


def test_api_submit_and_lists(client, world):
    commissioner = world.user(Role.WELFARE_COMMISSIONER)
    auth = bearer(commissioner)
    payload = {"district": "台町", "situation": "心配（要配慮）", "is_urgent": True}
    response = client.post(
        "/api/v1/concern-reports", payload, content_type="application/json", **auth
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "received" and created["municipality_code"] == "132012"
    bad = client.post(
        "/api/v1/concern-reports",
        {"district": "台町", "situation": " "},
        content_type="application/json",
        **auth,
    )
    assert field_errors(bad) == {"situation": ["気になっている様子を入力してください。"]}

    own = client.get("/api/v1/concern-reports", **auth).json()["items"]
    assert {i["id"] for i in own} == {created["id"], world.home.concern_report.pk}
    assert all(i.get("situation") is None and "intake_id" not in i for i in own)

    staff = client.get("/api/v1/concern-reports", **bearer(world.user(Role.RECEPTION)))
    items = {i["id"]: i for i in staff.json()["items"]}
    assert items[created["id"]]["situation"] == "心配（要配慮）"
    assert world.away.concern_report.pk not in items

    agency = client.get("/api/v1/concern-reports", **bearer(world.user(Role.AGENCY_STAFF)))
    assert agency.status_code == 403
    post = client.post(
        "/api/v1/concern-reports",
        payload,
        content_type="application/json",
        **bearer(world.user(Role.RECEPTION)),
    )
    assert post.status_code == 403
