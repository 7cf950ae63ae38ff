import re

import pytest
from django.urls import reverse

from tsunagu.accounts.permissions import Action
from tsunagu.accounts.roles import Role
from tsunagu.approvals.services import approve, waiting_for
from tsunagu.people.models import Case, CaseStatusChange, EngagementChange
from tsunagu.people.panels import register_case_panel, unregister_case_panel
from tsunagu.testing.people import add_history, make_case, make_household, make_person


def test_case_page_shows_status_buttons_history_and_8050(world, login):
    case = world.home.case
    make_household(case.person, [{"relation": "mother", "age": 80, "living_together": True}])
    response = login(world.user(Role.COUNSELLOR)).get(reverse("case-detail", args=[case.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "8050" in body
    assert "関わりの段階" in body and "未接触" in body
    # the actions are buttons that open their forms on pages of their own
    for name in ("case-status", "case-engagement", "case-lead"):
        assert f'href="{reverse(name, args=[case.pk])}"' in body
    assert "この記録を閲覧した職員" not in body  # supervisors only
    body = login(world.user(Role.COUNSELLOR)).get(reverse("case-status", args=[case.pk]))
    body = body.content.decode()
    assert "「アセスメント」へ" in body and "終結を申請する" in body
    assert 'name="to" value="assessment"' in body


def test_agency_staff_sees_no_buttons_and_no_sensitive_household_data(world, login):
    case = world.home.case
    make_household(case.person, [{"relation": "mother", "health_note": "通院中（要配慮）"}])
    body = (
        login(world.user(Role.AGENCY_STAFF))
        .get(reverse("case-detail", args=[case.pk]))
        .content.decode()
    )
    assert 'name="to"' not in body
    assert "通院中（要配慮）" not in body
    assert "相談概要（要配慮）" not in body


def test_status_forms_post_and_show_errors(world, login):
    case = world.home.case
    client = login(world.user(Role.COUNSELLOR))
    url = reverse("case-status", args=[case.pk])
    response = client.post(url, {"to": "support", "reason": ""})
    assert response.status_code == 302
    response = client.post(url, {"to": "closed", "closure_reason": "", "reason": ""})
    assert response.status_code == 200
    assert "終結理由を選んでください" in response.content.decode()
    assert 'id="status-form"' in response.content.decode()  # the form's page, with its errors
    response = client.post(url, {"to": "closed", "closure_reason": "lost_contact"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.SUPPORT  # 終結 waits for a supervisor's approval
    assert "監督者の承認を待っています" in client.get(url).content.decode()
    (waiting,) = waiting_for(world.user(Role.SUPERVISOR))
    approve(world.user(Role.SUPERVISOR), waiting)
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert "連絡途絶" in client.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert "再開して「支援中」へ" in client.get(url).content.decode()
    response = client.post(url, {"to": "support", "reason": ""})
    assert "再開するには理由" in response.content.decode()


def test_engagement_and_lead_forms(world, login):
    case = world.home.case
    client = login(world.user(Role.SUPERVISOR))
    response = client.post(
        reverse("case-engagement", args=[case.pk]), {"stage": "family_only", "note": "母と面談"}
    )
    assert response.status_code == 302
    counsellor = world.user(Role.COUNSELLOR)
    response = client.post(reverse("case-lead", args=[case.pk]), {"worker": str(counsellor.pk)})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.engagement_stage == "family_only" and case.lead_worker == counsellor
    outsider = world.user(Role.PUBLICITY)
    response = client.post(reverse("case-lead", args=[case.pk]), {"worker": str(outsider.pk)})
    assert response.status_code == 200 and 'id="lead-form"' in response.content.decode()
    assert "家族のみ" in client.get(reverse("case-engagement", args=[case.pk])).content.decode()
    assert EngagementChange.objects.visible_to(counsellor, Action.VIEW_CASE).count() == 1


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.AGENCY_STAFF])
def test_roles_without_edit_case_cannot_post(world, login, role):
    client = login(world.user(role))
    for name in ("case-status", "case-engagement", "case-lead"):
        response = client.post(reverse(name, args=[world.home.case.pk]), {"to": "support"})
        assert response.status_code in (403, 404), name
        assert client.get(reverse(name, args=[world.home.case.pk])).status_code in (403, 404)
    assert not CaseStatusChange.objects.unscoped("test").exists()


def test_foreign_case_actions_answer_404(world, login):
    client = login(world.user(Role.SUPERVISOR))
    for name in ("case-status", "case-engagement", "case-lead", "case-detail"):
        response = client.post(reverse(name, args=[world.away.case.pk]), {"to": "support"})
        assert response.status_code == 404


CASE_PAGE_STATEMENTS = 23
TRANSACTION = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def _case_with(world, n: int) -> Case:
    person = make_person(world.home.municipality)
    case = make_case(person, world.home.window)
    make_household(person, [{"relation": "mother", "age": 70 + i} for i in range(n)])
    add_history(case, n, world.user(Role.COUNSELLOR))
    return case


def test_case_page_query_count_is_fixed(world, login, django_assert_num_queries):
    """20 household members and 20 status / engagement changes cost no more than 1 of each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small, big = _case_with(world, 1), _case_with(world, 20)
    client = login(world.user(Role.SUPERVISOR))
    client.get(reverse("case-detail", args=[small.pk]))  # warm up session and caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("case-detail", args=[small.pk])).status_code == 200
    baseline = len(captured)
    statements = [q["sql"] for q in captured if not q["sql"].upper().startswith(TRANSACTION)]
    # the budget (issue 7, item 12; docs/performance.md "The fixed cost of a request"): session,
    # user, memberships, case, audit head + entry, the timeline's keys (one UNION ALL of its 8
    # sources) and one read per kind on the page (here 2: status, engagement), the field
    # policy's grant check, household settings + households + members, next action, consent,
    # whether the user may take this unassigned case, current grants, handoffs, access log;
    # issue 8: the header's unread notification count (every staff page), the approval history
    # panel (approvals), the newest assessment and support plan (one query, plans.panels) and
    # the open action items of support meetings (meetings.panels). A new panel raises it on purpose, never by accident.
    assert len(statements) <= CASE_PAGE_STATEMENTS, statements
    with django_assert_num_queries(baseline):
        response = client.get(reverse("case-detail", args=[big.pk]))
    body = response.content.decode()
    assert body.count('class="timeline__entry ') == 30  # a full timeline page, then 「もっと見る」
    assert "もっと見る" in body and "経過19" in body and "メモ19" in body


def test_panels_from_other_apps_render_on_the_case_page(world, login):
    seen = []

    def context(request, case):
        seen.append(case.pk)
        return {"greeting": "パネルの中身"} if case.pk == world.home.case.pk else None

    register_case_panel("test-panel", "people/tests/_panel.html", context, order=1)
    try:
        client = login(world.user(Role.SUPERVISOR))
        body = client.get(reverse("case-detail", args=[world.home.case.pk])).content.decode()
        assert "パネルの中身" in body and f"ケース {world.home.case.pk}" in body
        body = client.get(reverse("case-detail", args=[world.home.other_case.pk])).content.decode()
        assert "パネルの中身" not in body
    finally:
        unregister_case_panel("test-panel")


def test_case_list_filters_paginates_and_is_scoped(world, login, django_assert_max_num_queries):
    for _ in range(30):
        make_case(world.home.person, world.home.window, status=Case.Status.SUPPORT)
    counsellor = login(world.user(Role.COUNSELLOR))
    url = reverse("case-list")
    counsellor.get(url)
    # (the list's audit entry takes its chain's lock on PostgreSQL: one query more there)
    with django_assert_max_num_queries(15):
        response = counsellor.get(url, {"status": "support"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "30 件" in body
    assert f'href="/staff/cases/{world.home.other_case.pk}/"' not in body
    assert "漏洩検知" not in body
    assert "次へ" in body
    page2 = counsellor.get(url, {"status": "support", "page": 2}).content.decode()
    assert len(re.findall(r'href="/staff/cases/\d+/"', page2)) == 5
    supervisor_client = login(world.user(Role.SUPERVISOR))
    supervisor_client.get(url)
    # (the list's audit entry takes its chain's lock on PostgreSQL: one query more there)
    with django_assert_max_num_queries(15):
        supervisor = supervisor_client.get(url, {"status": "received"})
    assert f'href="/staff/cases/{world.home.other_case.pk}/"' in supervisor.content.decode()
    assert login(world.user(Role.MUNICIPALITY_ADMIN)).get(url).status_code == 403
