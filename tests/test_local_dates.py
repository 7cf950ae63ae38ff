"""Dates derived from timestamps are local (Asia/Tokyo) dates.

At 2026-04-01 08:59 JST it is still 2026-03-31 in UTC: the intake's date, the case's opened
date, the contact's date, the dashboard's "today" and the 年度 of the intake number must all say
2026-04-01 (令和8年4月1日) and 2026年度, never 3月31日 / 2025年度.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.dashboard.services import overdue_next_actions, visits_this_week
from tsunagu.intake.answers import validate_answers
from tsunagu.intake.form_services import default_version, install_default_sheet
from tsunagu.intake.services import create_person_for_intake, start_intake, submit_intake
from tsunagu.people.models import Case
from tsunagu.testing.contacts import make_contact, make_visit
from tsunagu.testing.intake import FAMILY_CALL, decide_window
from tsunagu.testing.routing_concerns import login
from tsunagu.web.templatetags.tsunagu_format import wareki

MORNING = datetime.datetime(2026, 3, 31, 23, 59, tzinfo=datetime.UTC)  # 2026-04-01 08:59 JST
LOCAL_DAY = datetime.date(2026, 4, 1)
SHOWN = "令和8年4月1日"


@pytest.fixture
def morning():
    with time_machine.travel(MORNING, tick=False):
        yield


def _intake(world, at=None):
    reception = world.user(Role.RECEPTION)
    intake = start_intake(
        reception,
        world.home.municipality,
        window=world.home.window,
        answers=FAMILY_CALL,
        received_at=at,
    )
    return submit_intake(reception, intake, intake.answers)


def test_clock_is_utc_previous_day(morning):
    assert timezone.now().date() == datetime.date(2026, 3, 31)  # what the old code used
    assert timezone.localdate() == LOCAL_DAY


def test_intake_case_and_contact_agree_on_the_local_date(world, morning, client, settings):
    install_default_sheet(world.home.municipality)
    intake = _intake(world)
    assert intake.fiscal_year == 2026 and intake.number.startswith("2026-")
    reception = world.user(Role.RECEPTION)
    decide_window(reception, intake)
    intake = create_person_for_intake(reception, intake, confirmed_new=True)
    case = Case.objects.in_municipality(world.home.municipality).get(pk=intake.case_id)
    assert case.opened_on == LOCAL_DAY
    contact = make_contact(case, next_action="電話", next_action_due=LOCAL_DAY)
    assert timezone.localdate(contact.occurred_at) == LOCAL_DAY
    assert wareki(contact.occurred_at) == wareki(intake.received_at) == wareki(case.opened_on)
    assert wareki(contact.occurred_at).startswith(SHOWN)

    login(client, settings, world.user(Role.SUPERVISOR))
    page = client.get(f"/staff/intake/{intake.pk}/").content.decode()
    assert f"{SHOWN}（2026年） 08:59" in page
    page = client.get(f"/staff/contacts/{contact.pk}/").content.decode()
    assert f"{SHOWN}（2026年） 08:59" in page


def test_fiscal_year_counting_turns_at_local_midnight(world, morning):
    install_default_sheet(world.home.municipality)
    late_march = timezone.make_aware(datetime.datetime(2026, 3, 31, 23, 59))  # JST
    before = _intake(world, at=late_march)
    after = _intake(world)  # 2026-04-01 08:59 JST
    assert (before.fiscal_year, after.fiscal_year) == (2025, 2026)
    assert before.number == "2025-0001" and after.number == "2026-0001"


def test_dashboard_today_is_the_local_date(world, morning, client, settings):
    case = world.home.case
    me = world.user(Role.COUNSELLOR)
    Case.objects.in_municipality(world.home.municipality).filter(pk=case.pk).update(lead_worker=me)
    due_today = make_contact(case, next_action="今日", next_action_due=LOCAL_DAY)
    due_yesterday = make_contact(
        case, next_action="昨日", next_action_due=datetime.date(2026, 3, 31)
    )
    assert list(overdue_next_actions(me)) == [due_yesterday]
    assert due_today not in overdue_next_actions(me)
    # Monday 2026-03-30 00:00 JST is 2026-03-29 15:00 UTC: a visit then is this week's
    monday = timezone.make_aware(datetime.datetime(2026, 3, 30, 0, 30))
    visit = make_visit(case, staff=[me], planned_for=monday)
    assert list(visits_this_week(me)) == [visit]

    login(client, settings, me)
    page = client.get("/staff/dashboard/").content.decode()
    assert "3/30（月）00:30" in page


def test_answers_are_checked_against_the_local_date(world, morning):
    install_default_sheet(world.home.municipality)
    schema = default_version(world.home.municipality).schema
    cleaned = validate_answers(schema, {"person_birth_date": "40歳"}, partial=True)
    assert cleaned["person_birth_date"] == {"age": 40, "as_of": "2026-04-01"}
    # born this (local) morning is not a future date
    assert validate_answers(schema, {"person_birth_date": "令和8年4月1日"}, partial=True)
