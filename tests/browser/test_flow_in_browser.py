"""The day flows in a real browser: (a) the 日野 call centre scenario — a 78-year-old mother's
call about her 52-year-old son, taken on a 360 px phone screen, carried into the person (sex,
age, district, household: 8050 flagged on the case page) and on to a recorded visit; (b) a
民生委員 concern report becoming a pre-filled intake, then a case, the report shown handled."""

import pytest
from allauth.mfa.models import Authenticator

from tsunagu.accounts.roles import Role
from tsunagu.concerns.models import ConcernReport
from tsunagu.concerns.services import submit_report
from tsunagu.contacts.models import Contact
from tsunagu.intake.form_services import install_default_sheet
from tsunagu.intake.models import Intake
from tsunagu.people.models import HouseholdMember

from .steps import log_in, plan_and_record_visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def staff(world, settings):
    # Demo mode lets a demo account in without TOTP enrolment (never in production settings).
    settings.TSUNAGU_DEMO_MODE = True
    user = world.user(Role.COUNSELLOR)  # takes the call at the home window, then visits
    user.is_demo = True
    user.save(update_fields=["is_demo"])
    Authenticator.objects.filter(user=user).delete()
    install_default_sheet(world.home.municipality)
    return user


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_the_mothers_call_carries_into_the_case_on_a_phone(live_server, browser, world, staff):
    context = browser.new_context(locale="ja-JP", viewport=PHONE)
    page = context.new_page()
    log_in(page, live_server, staff)

    page.goto(live_server.url + "/staff/intake/new/")
    page.get_by_label("受付方法").select_option(label="電話")
    page.get_by_role("button", name="受付を始める").click()
    page.wait_for_url("**/staff/intake/*/")
    page.get_by_label("ご本人との関係").select_option(label="母")
    page.get_by_role("group", name="本人の性別").get_by_label("男性").check()
    page.get_by_label("本人の生年月日・年齢").fill("52歳")
    page.get_by_label("居住地区").fill("多摩平")
    page.get_by_label("続柄（1行目）").select_option(label="母")
    page.get_by_label("年齢（1行目）").fill("78")
    page.get_by_label("同居／別居（1行目）").select_option(label="同居")
    page.get_by_label("主訴（相談の概要）").fill("52歳の息子が20年近く家にこもっている。母78歳。")
    page.get_by_role("button", name="受付を完了する").click()
    page.wait_for_url("**/next/")

    # what will be carried is shown; no person before the window is decided
    assert "母 78歳 同居" in page.locator("#intake-household").inner_text()
    assert page.locator("#decide-window-first").is_visible()
    assert page.get_by_role("button", name="新しい人として登録").count() == 0
    page.locator("#routing-form").get_by_role("button", name="この窓口に決める").click()
    page.locator("#routing-decision").get_by_text(world.home.window.name).wait_for()
    page.get_by_role("button", name="新しい人として登録").click()
    page.wait_for_url("**/staff/cases/*/")
    page.get_by_text("新しい本人を登録し、ケースを開始しました").wait_for()

    # the case page: 8050 at once, and the intake it came from
    assert page.locator(".case-summary .badge", has_text="8050").is_visible()
    intake = Intake.objects.unscoped("test: the intake taken in the browser").get()
    assert page.locator(f'a[href="/staff/intake/{intake.pk}/"]').first.is_visible()
    assert no_horizontal_scroll(page)

    # a visit recorded with the existing contact forms
    plan_and_record_visit(page)

    person = intake.person
    assert (person.sex, person.stated_age, person.district) == ("male", 52, "多摩平")
    mother = HouseholdMember.objects.unscoped("test").get(household__person=person)
    assert (mother.relation, mother.age, mother.living_together) == ("mother", 78, True)
    visit = Contact.objects.unscoped("test").get(case=intake.case)
    assert (visit.channel, visit.reached) == ("visit", "letter_left")
    context.close()


def test_a_concern_report_becomes_a_case(live_server, page, world, staff):
    report = submit_report(
        world.user(Role.WELFARE_COMMISSIONER),
        world.home.municipality,
        district="多摩平",
        person_hint="山本さん宅の次男",
        approximate_age="40代くらい",
        situation="数年、姿を見ていない。",
        how_known="母親から相談を受けた",
    )
    log_in(page, live_server, staff)
    page.goto(f"{live_server.url}/staff/concerns/{report.pk}/")
    page.get_by_role("link", name="受付票を作成").click()
    page.wait_for_url("**/staff/intake/new/?concern=*")
    assert page.locator("#from-concern").is_visible()
    page.get_by_label("受付方法").select_option(label="その他")
    page.get_by_role("button", name="受付を始める").click()
    page.wait_for_url("**/staff/intake/*/")

    # the report's facts are already on the sheet
    assert page.get_by_label("居住地区").input_value() == "多摩平"
    assert page.get_by_label("呼び名・通称").input_value() == "山本さん宅の次男"
    assert "母親から相談を受けた" in page.get_by_label("主訴（相談の概要）").input_value()
    assert page.get_by_label("本人の生年月日・年齢").input_value().startswith("40代")
    page.get_by_role("button", name="受付を完了する").click()
    page.wait_for_url("**/next/")
    page.locator("#routing-form").get_by_role("button", name="この窓口に決める").click()
    page.locator("#routing-decision").wait_for()
    confirm = page.get_by_label("上の候補のいずれも本人ではないことを確認しました")
    if confirm.count():
        confirm.check()
    page.get_by_role("button", name="新しい人として登録").click()
    page.wait_for_url("**/staff/cases/*/")

    page.goto(f"{live_server.url}/staff/concerns/{report.pk}/")
    outcome = page.locator("#concern-outcome")
    assert "受付" in outcome.inner_text() and "ケース" in outcome.inner_text()
    assert "対応中（ケース開始）" in page.locator("dl.facts").inner_text()
    assert page.get_by_role("link", name="受付票を作成").count() == 0
    report.refresh_from_db()
    assert report.status == ConcernReport.Status.HANDLED
    assert page.csp_violations == []
