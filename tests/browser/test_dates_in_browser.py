"""和暦 typed into a visit date and the intake's onset field in a real browser: the reading
next to the input follows the text, and an unreadable entry replaces it with the error (never
the previous reading)."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tsunagu.accounts.roles import Role
from tsunagu.contacts.models import OutreachVisit
from tsunagu.intake.form_services import install_default_sheet
from tsunagu.testing.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(world, settings):
    settings.TSUNAGU_DEMO_MODE = True
    user = world.user(Role.COUNSELLOR)
    user.is_demo = True
    user.save(update_fields=["is_demo"])
    Authenticator.objects.filter(user=user).delete()
    install_default_sheet(world.home.municipality)
    return user


def _type(field, text):
    field.fill("")
    field.press_sequentially(text)
    field.press("Tab")


def test_wareki_readouts_follow_the_input(live_server, page, world, worker):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("ユーザー名").fill(worker.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url("**/staff/")

    # a visit date in 和暦, read back while typing
    page.goto(live_server.url + reverse("visit-plan", args=[world.home.case.pk]))
    when = page.get_by_label("訪問予定日時")
    readout = page.locator("#id_planned_for-readout")
    _type(when, "R9.1.15 14:00")
    readout.filter(has_text="令和9年1月15日（2027年1月15日） 14:00").wait_for()
    _type(when, "R9.2.30 14:00")
    readout.filter(has_text="存在しない日付").wait_for()
    assert "2027年1月15日" not in readout.inner_text()
    _type(when, "令和９年１月１５日　１０時")
    readout.filter(has_text="令和9年1月15日（2027年1月15日） 10:00").wait_for()
    page.get_by_label("訪問の目的・進め方").fill("手紙を届ける")
    page.get_by_role("button", name="予定する").click()
    page.get_by_text("訪問を予定しました").wait_for()
    visit = OutreachVisit.objects.in_municipality(world.home.municipality).get()
    assert visit.planned_for.isoformat().startswith("2027-01-15T01:00")  # 10:00 JST in UTC

    # the onset field of the intake sheet
    page.goto(live_server.url + "/staff/intake/new/")
    page.get_by_label("受付方法").select_option(label="電話")
    page.get_by_role("button", name="受付を始める").click()
    page.wait_for_url("**/staff/intake/*/")
    onset = page.get_by_label("状態になった時期・年齢")
    reading = page.locator("#id-f-onset-parsed")
    _type(onset, "平成28年頃")
    reading.filter(has_text="読み取り：平成28年（2016年）頃").wait_for()
    _type(onset, "平成99年")
    reading.filter(has_text="平成の期間外").wait_for()
    assert "2016" not in reading.inner_text()
    _type(onset, "中学生の頃")
    reading.filter(has_text="読み取り：中学生の頃").wait_for()
    _type(onset, "10年前")
    reading.filter(has_text="読み取り：").filter(has_text="年）頃").wait_for()
    assert page.csp_violations == []
