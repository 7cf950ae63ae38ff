import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.dashboard.services import (
    my_cases,
    overdue_next_actions,
    visits_this_week,
    week_bounds,
)
from tsunagu.people.models import AccessGrant, Case, CaseAccess
from tsunagu.testing.contacts import make_contact, make_visit

URL = "/staff/dashboard/"
PAST = datetime.date(2026, 1, 5)


def _lead(world, role=Role.COUNSELLOR, case=None):
    case = case or world.home.case
    Case.objects.in_municipality(world.home.municipality).filter(pk=case.pk).update(
        lead_worker=world.user(role)
    )
    return case


def test_my_cases_are_lead_or_accepted_handoff(world):
    counsellor = world.user(Role.COUNSELLOR)
    assert list(my_cases(counsellor)) == []
    _lead(world)
    assert list(my_cases(counsellor)) == [world.home.case]
    # the world's accepted handoff makes the home case the contracted counsellor's
    assert list(my_cases(world.user(Role.CONTRACTED_COUNSELLOR))) == [world.home.case]
    AccessGrant.objects.in_municipality(world.home.municipality).filter(
        user=world.user(Role.CONTRACTED_COUNSELLOR)
    ).update(ended_at=timezone.now())
    assert list(my_cases(world.user(Role.CONTRACTED_COUNSELLOR))) == []
    # closed cases are not "my cases"
    Case.objects.in_municipality(world.home.municipality).update(status=Case.Status.CLOSED)
    assert list(my_cases(counsellor)) == []


def test_supervisor_sees_only_cases_they_lead(world):
    supervisor = world.user(Role.SUPERVISOR)
    assert list(my_cases(supervisor)) == []
    _lead(world, Role.SUPERVISOR, world.home.other_case)
    assert list(my_cases(supervisor)) == [world.home.other_case]


def test_overdue_next_actions(world):
    case = _lead(world)
    today = datetime.date(2026, 4, 10)
    overdue = make_contact(case, next_action="電話", next_action_due=datetime.date(2026, 4, 9))
    make_contact(case, next_action="今日", next_action_due=today)
    make_contact(case, next_action="済み", next_action_due=PAST, next_action_done=True)
    make_contact(world.home.other_case, next_action="他人のケース", next_action_due=PAST)
    make_contact(world.away.case, next_action="他の自治体", next_action_due=PAST)
    assert list(overdue_next_actions(world.user(Role.COUNSELLOR), today)) == [overdue]


def test_week_bounds_are_monday_to_sunday_in_tokyo():
    start, end = week_bounds(datetime.date(2026, 4, 5))  # a Sunday
    local = timezone.localtime(start)
    assert (local.date(), local.hour) == (datetime.date(2026, 3, 30), 0)
    assert str(local.tzinfo) == "Asia/Tokyo"
    assert end - start == datetime.timedelta(days=7)


def test_visits_this_week_where_i_am_staff(world):
    me, other = world.user(Role.COUNSELLOR), world.user(Role.SUPERVISOR)
    today = datetime.date(2026, 4, 8)  # Wednesday
    start, _ = week_bounds(today)
    mine = make_visit(
        world.home.case, staff=[me, other], planned_for=start + datetime.timedelta(days=6, hours=23)
    )
    make_visit(world.home.case, staff=[other], planned_for=start + datetime.timedelta(days=1))
    make_visit(world.home.case, staff=[me], planned_for=start + datetime.timedelta(days=7))
    make_visit(world.home.case, staff=[me], planned_for=start - datetime.timedelta(minutes=1))
    make_visit(world.home.case, staff=[me], planned_for=start, status="cancelled")
    assert list(visits_this_week(me, today)) == [mine]


def test_dashboard_page_as_counsellor(world, login):
    case = _lead(world)
    make_contact(case, next_action="母親に折り返し電話", next_action_due=PAST)
    make_visit(
        case,
        staff=[world.user(Role.COUNSELLOR)],
        planned_for=week_bounds()[0] + datetime.timedelta(hours=10),
    )
    body = login(world.user(Role.COUNSELLOR)).get(URL).content.decode()
    assert "担当ケース（1）" in body
    assert "期限を過ぎた次回の対応（1）" in body and "母親に折り返し電話" in body
    assert "今週の訪問予定（1）" in body and "1人での訪問" in body
    assert f"/staff/cases/{case.pk}/contacts/" in body


def test_agency_staff_do_not_see_next_action_text(world, login):
    # an agency user is never lead worker, but the S filter must hold even so
    Case.objects.in_municipality(world.home.municipality).update(
        lead_worker=world.user(Role.AGENCY_STAFF)
    )
    make_contact(world.home.case, next_action="秘密の内容", next_action_due=PAST)
    response = login(world.user(Role.AGENCY_STAFF)).get(URL)
    assert response.status_code == 200
    assert "秘密の内容" not in response.content.decode()


@pytest.mark.parametrize("role", [Role.WELFARE_COMMISSIONER, Role.PUBLICITY, Role.SYSTEM_ADMIN])
def test_roles_without_casework_get_an_empty_dashboard(world, login, role):
    response = login(world.user(role)).get(URL)
    assert response.status_code == 200
    assert "担当ケース" not in response.content.decode()


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_is_fixed(world, login, django_assert_max_num_queries):
    me, other = world.user(Role.COUNSELLOR), world.user(Role.SUPERVISOR)
    case = _lead(world)
    client = login(me)
    start, _ = week_bounds()
    make_contact(case, next_action="a", next_action_due=PAST, staff=[me])
    make_visit(case, staff=[me, other], planned_for=start + datetime.timedelta(hours=1))
    few = _queries(client)
    for i in range(12):
        make_contact(case, next_action=f"n{i}", next_action_due=PAST, staff=[me, other])
        make_visit(case, staff=[me, other], planned_for=start + datetime.timedelta(hours=2 + i))
    assert _queries(client) == few
    # session, user, memberships; 5 sections; the handoff and concern sections; the unassigned
    # queue (a count and its rows); the field policy's grant check; the audit entry of the
    # names shown
    with django_assert_max_num_queries(22):
        client.get(URL)


def test_real_handoff_and_concern_sections(world, login):
    """With the handoff and concern apps in place, their sections render (fixed queries)."""
    me = world.user(Role.COUNSELLOR)
    pending = CaseAccess.objects.create(
        municipality=world.home.municipality,
        case=world.home.other_case,
        kind=CaseAccess.Kind.HANDOFF,
        user=me,
        status=CaseAccess.Status.PENDING,
    )
    client = login(me)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "受諾待ちの引き継ぎ（1）" in body
    assert f"/staff/handoffs/{pending.pk}/" in body
    assert "振り分け待ちの気になる方の連絡" in body
