"""A family-only phone intake in a real browser, end to end: 和暦 birth date read back, a
conditional question appears only when it applies, a risk item shows the escalation guidance and
the urgency decision is required; then the routing suggestion is taken, the duplicate check's
candidates are confirmed not to be the person, a new person and case are created, and an
outreach visit is planned and recorded."""

import pytest
from allauth.mfa.models import Authenticator

from tsunagu.accounts.roles import Role
from tsunagu.contacts.models import Contact
from tsunagu.intake.form_services import install_default_sheet
from tsunagu.intake.models import Intake
from tsunagu.routing.models import RoutingDecision
from tsunagu.testing.world import PASSWORD

from .steps import plan_and_record_visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(world, settings):
    # Demo mode lets a demo account in without TOTP enrolment (never in production settings).
    settings.TSUNAGU_DEMO_MODE = True
    user = world.user(Role.COUNSELLOR)  # はちまるサポート: the counsellor takes the first call
    user.is_demo = True
    user.save(update_fields=["is_demo"])
    Authenticator.objects.filter(user=user).delete()  # as load-demo makes them: no TOTP
    install_default_sheet(world.home.municipality)
    return user


def test_family_only_phone_intake(live_server, page, world, worker):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("ユーザー名").fill(worker.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url("**/staff/")

    page.goto(live_server.url + "/staff/intake/new/")
    page.get_by_label("受付方法").select_option(label="電話")
    page.get_by_role("button", name="受付を始める").click()
    page.wait_for_url("**/staff/intake/*/")
    assert page.get_by_role("heading", name="受付 ").is_visible()

    # the cursor is already on the next core item: who is calling
    assert page.evaluate("document.activeElement.name") == "f-consulter_relation"
    page.get_by_label("ご本人との関係").select_option(label="母")
    birth = page.get_by_label("本人の生年月日・年齢")
    birth.fill("昭和60年4月1日")
    birth.press("Tab")
    page.locator("#id-f-person_birth_date-parsed").filter(
        has_text="昭和60年4月1日（1985年）"
    ).wait_for()
    # 紹介元機関 is asked only when the route is 関係機関の紹介
    referrer = page.locator("#id-f-referrer-field")
    assert referrer.is_hidden()
    page.get_by_role("group", name="相談経路").get_by_label("関係機関の紹介").check()
    referrer.wait_for(state="visible")
    page.get_by_label("紹介元機関").fill("地域包括支援センター")
    page.get_by_label("主訴（相談の概要）").fill("息子が10年ほど自室から出てこない。母からの電話。")

    page.get_by_role("group", name="自傷・自殺念慮・企図").get_by_label("はい", exact=True).check()
    guidance = page.locator("#risk-guidance")
    guidance.get_by_text("本日中にスーパーバイザーへ報告").wait_for()
    assert "119" in guidance.inner_text()
    page.get_by_text("下書きを保存しました").wait_for()

    # completing without an urgency decision is refused by the server
    page.get_by_role("button", name="受付を完了する").click()
    page.get_by_text("緊急度（高・中・低）を判断して選んでください").first.wait_for()
    assert page.get_by_label("本人の生年月日・年齢").input_value() == "昭和60年4月1日"

    page.get_by_role("group", name="緊急度", exact=True).get_by_label("高（即日対応）").check()
    page.get_by_role("button", name="受付を完了する").click()
    page.wait_for_url("**/next/")
    assert page.get_by_role("heading", name="次の手順").is_visible()
    assert page.locator("#decide-window-first").is_visible()  # the window comes first

    # routing: the suggested window is preselected and taken without a reason
    routing = page.locator("#routing-form")
    suggested = routing.get_by_label(world.home.window.name)
    assert suggested.is_checked()
    routing.get_by_role("button", name="この窓口に決める").click()
    page.locator("#routing-decision").get_by_text(world.home.window.name).wait_for()

    # the duplicate check: the world's persons share the birth date only, shown with the reason;
    # the worker judges it is someone new
    candidates = page.locator("table").filter(has_text="一致した理由")
    assert "生年月日" in candidates.inner_text()
    page.get_by_label("上の候補のいずれも本人ではないことを確認しました").check()
    page.get_by_role("button", name="新しい人として登録").click()
    page.wait_for_url("**/staff/cases/*/")
    page.get_by_text("新しい本人を登録し、ケースを開始しました").wait_for()

    # an outreach home visit: planned with a safety note, then recorded
    plan_and_record_visit(page)

    intake = Intake.objects.unscoped("test: the intake taken in the browser").get()
    assert (intake.status, intake.urgency, intake.has_risk) == ("submitted", "high", True)
    assert (intake.consulter_relation, intake.person_age_band) == ("mother", "40")
    assert intake.answers["person_birth_date"] == {"year": 1985, "month": 4, "day": 1}
    assert intake.answers["referrer"] == "地域包括支援センター"
    assert intake.case.window == world.home.window
    decision = RoutingDecision.objects.unscoped("test").get(intake_id=intake.pk)
    assert decision.chosen_window == decision.suggested_window == world.home.window
    visit = Contact.objects.unscoped("test").get(case=intake.case)
    assert (visit.channel, visit.reached) == ("visit", "letter_left")
    assert page.csp_violations == []
