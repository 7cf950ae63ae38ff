"""The supervisor's team view (issue 7, point 5): sections, scope, local dates, permissions,
fixed query count."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditEvent
from tsunagu.dashboard.team import stage_counts, team_sections
from tsunagu.intake.models import Intake
from tsunagu.people import handoff
from tsunagu.people.casework_settings import update_casework_settings
from tsunagu.people.models import Case
from tsunagu.testing.contacts import make_contact
from tsunagu.testing.intake import add_intakes
from tsunagu.testing.people import make_case

TODAY = datetime.date(2026, 4, 12)
URL = "/staff/dashboard/team/"


def jst(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _cases(section) -> set:
    return {row.pk for row in section.items}


def test_unassigned_and_overdue_across_the_team(world):
    home = world.home
    led = make_case(home.person, home.window, lead_worker=world.user(Role.COUNSELLOR))
    closed = make_case(home.person, home.window, status=Case.Status.CLOSED)
    overdue_led = make_contact(led, next_action="電話する", next_action_due=TODAY.replace(day=11))
    overdue_unled = make_contact(
        home.other_case, next_action="訪問", next_action_due=TODAY.replace(day=1)
    )
    make_contact(led, next_action="今日が期限", next_action_due=TODAY)
    make_contact(
        led, next_action="済み", next_action_due=TODAY.replace(day=1), next_action_done=True
    )
    make_contact(closed, next_action="終結", next_action_due=TODAY.replace(day=1))
    make_contact(world.away.case, next_action="他の自治体", next_action_due=TODAY.replace(day=1))
    sections = team_sections(world.user(Role.SUPERVISOR), TODAY)
    assert _cases(sections["unassigned"]) == {home.case.pk, home.other_case.pk}
    assert [c.pk for c in sections["overdue"].items] == [overdue_unled.pk, overdue_led.pk]
    assert [c.days for c in sections["overdue"].items] == [11, 1]
    away = team_sections(world.away.users[Role.SUPERVISOR], TODAY)
    assert _cases(away["unassigned"]) == {world.away.case.pk}
    assert [c.next_action for c in away["overdue"].items] == ["他の自治体"]


def test_urgent_intakes_not_yet_in_someones_hands(world):
    add_intakes(world)
    home = world.home
    intakes = Intake.objects.in_municipality(home.municipality)
    intakes.filter(pk=home.intake.pk).update(urgency=Intake.Urgency.HIGH)
    intakes.filter(pk=home.other_intake.pk).update(has_risk=True, case=home.other_case)
    sections = team_sections(world.user(Role.SUPERVISOR), TODAY)
    assert _cases(sections["urgent"]) == {home.intake.pk, home.other_intake.pk}
    # once its case has a lead, the urgent intake is in someone's hands
    Case.objects.in_municipality(home.municipality).filter(pk=home.other_case.pk).update(
        lead_worker=world.user(Role.SUPERVISOR)
    )
    sections = team_sections(world.user(Role.SUPERVISOR), TODAY)
    assert _cases(sections["urgent"]) == {home.intake.pk}
    assert team_sections(world.away.users[Role.SUPERVISOR], TODAY)["urgent"].items == []


def test_waiting_handoffs(world):
    home = world.home
    to_user = handoff.hand_off(
        world.user(Role.RECEPTION),
        home.case,
        to_organization=home.contractor,
        note="申し送り",
    )
    to_window = handoff.hand_off(
        world.user(Role.SUPERVISOR), home.other_case, to_window=home.window, note="申し送り"
    )
    rows = team_sections(world.user(Role.SUPERVISOR), TODAY)["handoffs"].items
    assert [a.pk for a in rows] == [to_user.pk, to_window.pk]
    assert rows[1].target_window == home.window and rows[0].target_window is None
    away = team_sections(world.away.users[Role.SUPERVISOR], TODAY)["handoffs"].items
    assert {a.municipality_id for a in away} <= {world.away.municipality.pk}


def test_days_without_contact_are_local_and_configurable(world):
    home = world.home
    update_casework_settings(world.user(Role.SUPERVISOR), home.municipality, no_contact_days=10)
    # 08:30 JST on 4月2日 is 23:30 UTC on 4月1日: the case is 10 days without contact, not 11
    at_0830 = make_case(home.person, home.window, opened_on=datetime.date(2026, 3, 1))
    make_contact(at_0830, occurred_at=jst(datetime.date(2026, 4, 2), 8, 30))
    # 00:30 JST on 4月3日 is still 4月2日 in UTC: 9 days, not flagged
    after_midnight = make_case(home.person, home.window, opened_on=datetime.date(2026, 3, 1))
    make_contact(after_midnight, occurred_at=jst(datetime.date(2026, 4, 3), 0, 30))
    make_contact(after_midnight, occurred_at=jst(datetime.date(2026, 3, 1), 10))
    # no contact at all: counted from the opening (the world's cases: 4月1日, 11 days)
    recent = make_case(home.person, home.window, opened_on=datetime.date(2026, 4, 5))
    closed = make_case(
        home.person, home.window, opened_on=datetime.date(2026, 1, 5), status="closed"
    )
    section = team_sections(world.user(Role.SUPERVISOR), TODAY)["no_contact"]
    by_pk = {c.pk: c.days for c in section.items}
    assert by_pk == {home.case.pk: 11, home.other_case.pk: 11, at_0830.pk: 10}
    assert after_midnight.pk not in by_pk and recent.pk not in by_pk and closed.pk not in by_pk
    # the other municipality keeps its default (30 days)
    assert team_sections(world.away.users[Role.SUPERVISOR], TODAY)["no_contact"].items == []
    update_casework_settings(world.user(Role.SUPERVISOR), home.municipality, no_contact_days=9)
    section = team_sections(world.user(Role.SUPERVISOR), TODAY)["no_contact"]
    assert after_midnight.pk in {c.pk for c in section.items}


def test_stage_counts_link_to_filtered_lists(world, login):
    home = world.home
    make_case(home.person, home.window, engagement_stage="met")
    make_case(home.person, home.window, engagement_stage="met", status="closed")
    counts = {s.stage: s for s in stage_counts(world.user(Role.SUPERVISOR))}
    assert counts["no_contact"].count == 2 and counts["met"].count == 1
    assert counts["ongoing"].count == 0
    client = login(world.user(Role.SUPERVISOR))
    body = client.get(counts["met"].url).content.decode()
    assert "1 件" in body


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.SUPERVISOR, 200),
        (Role.COUNSELLOR, 403),
        (Role.RECEPTION, 403),
        (Role.CONTRACTED_COUNSELLOR, 403),
        (Role.MUNICIPALITY_ADMIN, 403),
        (Role.AGENCY_STAFF, 403),
        (Role.PREFECTURE_ANALYST, 403),
    ],
)
def test_who_sees_the_team_view(world, login, role, status):
    assert login(world.user(role)).get(URL).status_code == status


def test_dashboard_links_the_team_view_for_supervisors_only(world, login):
    assert URL in login(world.user(Role.SUPERVISOR)).get("/staff/dashboard/").content.decode()
    assert URL not in login(world.user(Role.COUNSELLOR)).get("/staff/dashboard/").content.decode()


def test_dashboard_shows_the_window_queue_to_those_who_act_on_it(world, login):
    case_url = f"/staff/cases/{world.home.case.pk}/"
    for role in (Role.RECEPTION, Role.COUNSELLOR):
        body = login(world.user(role)).get("/staff/dashboard/").content.decode()
        assert "未割当のケース（主担当の決まっていないケース）（1）" in body, role
        assert case_url in body and "/staff/cases/unassigned/" in body
        assert f"/staff/cases/{world.home.other_case.pk}/" not in body  # another window's
    body = login(world.user(Role.CONTRACTED_COUNSELLOR)).get("/staff/dashboard/").content.decode()
    assert "未割当のケース" not in body


def _fill(world, n: int) -> None:
    """n more rows in every section."""
    home = world.home
    for i in range(n):
        case = make_case(home.person, home.window, opened_on=datetime.date(2026, 1, 5))
        make_contact(
            case,
            next_action=f"次回{i}",
            next_action_due=datetime.date(2026, 1, 10),
            occurred_at=jst(datetime.date(2026, 1, 6), 9),
        )
        handoff.hand_off(
            world.user(Role.RECEPTION), case, to_organization=home.contractor, note="申し送り"
        )
        Intake.objects.in_municipality(home.municipality).filter(pk=home.intake.pk).update(
            urgency=Intake.Urgency.HIGH
        )


def test_page_rows_link_to_cases_with_a_fixed_query_count(
    world, login, django_assert_max_num_queries
):
    add_intakes(world)
    _fill(world, 1)
    client = login(world.user(Role.SUPERVISOR))
    client.get(URL)
    # two per section (a count and the rows), the settings, the stage counts, the window
    # targets, and one audit entry per model shown (PostgreSQL: one more each, its chain's lock)
    with django_assert_max_num_queries(42) as one:
        response = client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'href="/staff/cases/{world.home.case.pk}/"' in body and "山田" in body
    assert "次回0" in body and world.home.contractor.name in body
    assert "漏洩検知" not in body  # never the other municipality's
    _fill(world, 8)
    with django_assert_max_num_queries(len(one.captured_queries)):
        body = client.get(URL).content.decode()
    assert "次回7" in body
    assert AuditEvent.objects.filter(action="list", extra__page="team").exists()


def test_page_at_0859_jst_counts_the_local_day(world, login):
    """At 08:59 JST it is still the previous day in UTC: a next action due yesterday (local)
    is overdue by one day, and the page says so."""
    home = world.home
    make_contact(home.case, next_action="電話で確認", next_action_due=datetime.date(2026, 4, 11))
    client = login(world.user(Role.SUPERVISOR))
    with time_machine.travel(jst(TODAY, 8, 59), tick=False):
        body = client.get(URL).content.decode()
    assert "電話で確認" in body and "1日超過" in body
