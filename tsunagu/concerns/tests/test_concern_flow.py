"""A concern report flows into an intake (pre-filled, linked, once) and shows its intake and case."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from tsunagu.accounts.roles import Role
from tsunagu.concerns.models import ConcernReport
from tsunagu.concerns.services import submit_report
from tsunagu.intake.form_services import install_default_sheet
from tsunagu.intake.from_concern import start_intake_from_report
from tsunagu.intake.models import Intake
from tsunagu.intake.services import create_person_for_intake, submit_intake
from tsunagu.testing.intake import decide_window

REPORT = {
    "district": "多摩平",
    "person_hint": "山本さん宅の次男",
    "approximate_age": "40代くらい",
    "situation": "数年、姿を見ていない。",
    "how_known": "母親から相談を受けた",
    "is_urgent": True,
}


@pytest.fixture
def report(world):
    install_default_sheet(world.home.municipality)
    return submit_report(world.user(Role.WELFARE_COMMISSIONER), world.home.municipality, **REPORT)


def staff(world, role: str = Role.RECEPTION) -> Client:
    client = Client()
    client.force_login(world.user(role))
    return client


@pytest.fixture(autouse=True)
def demo(settings, world):
    settings.TSUNAGU_DEMO_MODE = True  # staff pass the MFA gate as demo accounts
    for user in world.home.users.values():
        user.is_demo = True
        user.save(update_fields=["is_demo"])


def test_the_intake_starts_filled_from_the_report_and_linked(world, report):
    client = staff(world)
    page = client.get(f"/staff/intake/new/?concern={report.pk}").content.decode()
    assert 'id="from-concern"' in page and f'name="concern" value="{report.pk}"' in page
    response = client.post(
        "/staff/intake/new/",
        {"concern": report.pk, "window": world.home.window.pk, "channel": "phone"},
    )
    assert response.status_code == 302
    intake = Intake.objects.unscoped("test").get(concern_report=report)
    answers = intake.answers
    assert answers["consulter_relation"] == "commissioner"
    assert answers["route"] == ["commissioner"]
    assert answers["consulter_name"].startswith("民生委員 ")
    assert answers["person_district"] == "多摩平"
    assert answers["person_birth_date"]["band"] == 40
    assert answers["person_nickname"] == "山本さん宅の次男"
    assert "数年、姿を見ていない。" in answers["summary"]
    assert "母親から相談を受けた" in answers["summary"]
    assert answers["urgency"] == "high" and answers["channel"] == "phone"
    report.refresh_from_db()
    assert report.status == ConcernReport.Status.TRIAGED
    detail = client.get(f"/staff/concerns/{report.pk}/").content.decode()
    assert f'href="/staff/intake/{intake.pk}/"' in detail
    assert "受付票を作成" not in detail  # a second intake is not offered


def test_a_second_intake_from_the_report_is_refused(world, report):
    reception = world.user(Role.RECEPTION)
    start_intake_from_report(reception, report, window=world.home.window)
    with pytest.raises(ValidationError):
        start_intake_from_report(reception, report, window=world.home.window)
    client = staff(world)
    response = client.get(f"/staff/intake/new/?concern={report.pk}")
    assert response["Location"] == f"/staff/concerns/{report.pk}/"
    response = client.post(
        "/staff/intake/new/", {"concern": report.pk, "window": world.home.window.pk}
    )
    assert response.status_code == 302
    assert Intake.objects.unscoped("test").filter(concern_report=report).count() == 1


def test_the_report_is_handled_when_the_case_exists(world, report):
    reception = world.user(Role.RECEPTION)
    intake = start_intake_from_report(
        reception, report, window=world.home.window, answers={"channel": "phone"}
    )
    submit_intake(reception, intake, intake.answers)
    decide_window(reception, intake)
    create_person_for_intake(reception, intake, confirmed_new=True)
    report.refresh_from_db()
    assert report.status == ConcernReport.Status.HANDLED
    detail = staff(world).get(f"/staff/concerns/{report.pk}/").content.decode()
    assert f'href="/staff/cases/{intake.case_id}/"' in detail
    # the commissioner is told it was confirmed, nothing more
    mine = staff(world, Role.WELFARE_COMMISSIONER).get("/staff/concerns/mine/").content.decode()
    assert "職員が確認しました" in mine and intake.number not in mine


def test_a_report_of_another_municipality_cannot_be_taken(world, report):
    away_report = world.away.concern_report
    client = staff(world)
    assert client.get(f"/staff/intake/new/?concern={away_report.pk}").status_code == 404
    with pytest.raises(PermissionDenied):
        start_intake_from_report(world.user(Role.RECEPTION), away_report, window=world.home.window)
