import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tsunagu.accounts.roles import Role
from tsunagu.assessments.versioning import VersionStatus
from tsunagu.people.models import AccessGrant
from tsunagu.testing.assessments import make_assessment
from tsunagu.testing.plans import make_plan


def _panel(body: str) -> str:
    if 'id="assessment-plan"' not in body:
        return ""
    return body.split('id="assessment-plan"')[1].split("</section>")[0]


def test_case_page_links_the_newest_assessment_and_plan(world, login):
    case = world.home.case
    make_assessment(case)
    newest = make_assessment(case, number=2, status=VersionStatus.PENDING)
    plan = make_plan(case, review_on=datetime.date(2026, 1, 5))
    client = login(world.user(Role.COUNSELLOR))
    panel = _panel(client.get(reverse("case-detail", args=[case.pk])).content.decode())
    assert reverse("assessment-detail", args=[newest.pk]) in panel
    assert "第2版" in panel and "承認待ち" in panel
    assert reverse("plan-detail", args=[plan.pk]) in panel and "見直し期限切れ" in panel
    assert reverse("plan-list", args=[case.pk]) in panel


def test_panel_without_documents_links_the_lists(world, login):
    client = login(world.user(Role.SUPERVISOR))
    panel = _panel(client.get(reverse("case-detail", args=[world.home.case.pk])).content.decode())
    assert panel.count("まだありません") == 2
    assert reverse("assessment-list", args=[world.home.case.pk]) in panel


@pytest.mark.parametrize("role", [Role.AGENCY_STAFF, Role.RECEPTION])
def test_no_panel_for_roles_without_the_documents(world, login, role):
    make_assessment(world.home.case)
    client = login(world.user(role))
    response = client.get(reverse("case-detail", args=[world.home.case.pk]))
    assert response.status_code == 200
    assert _panel(response.content.decode()) == ""


def test_no_panel_through_a_grant_without_s(world, login):
    contracted = world.user(Role.CONTRACTED_COUNSELLOR)
    make_assessment(world.home.case)
    AccessGrant.objects.in_municipality(world.home.municipality).filter(user=contracted).update(
        covers_sensitive=False
    )
    client = login(contracted)
    response = client.get(reverse("case-detail", args=[world.home.case.pk]))
    assert response.status_code == 200 and _panel(response.content.decode()) == ""


def test_the_panel_costs_one_query(world, login):
    from tsunagu.people.panels import _PANELS

    case = world.home.case
    make_assessment(case)
    make_plan(case)
    client = login(world.user(Role.SUPERVISOR))
    url = reverse("case-detail", args=[case.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as with_panel:
        client.get(url)
    panel = _PANELS.pop("assessment_plan")
    try:
        with CaptureQueriesContext(connection) as without:
            client.get(url)
    finally:
        _PANELS["assessment_plan"] = panel
    assert len(with_panel) - len(without) == 1
