"""A family-only phone intake in a real browser: 和暦 birth date read back, a risk item shows
the escalation guidance, the urgency decision is required, then the intake is completed."""

import pytest

from tsunagu.accounts.roles import Role
from tsunagu.intake.form_services import install_default_sheet
from tsunagu.intake.models import Intake
from tsunagu.testing.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reception(world, settings):
    # Demo mode lets a demo account in without TOTP enrolment (never in production settings).
    settings.TSUNAGU_DEMO_MODE = True
    user = world.user(Role.RECEPTION)
    user.is_demo = True
    user.save(update_fields=["is_demo"])
    install_default_sheet(world.home.municipality)
    return user


def test_family_only_phone_intake(live_server, page, world, reception):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("ユーザー名").fill(reception.username)
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
    assert page.get_by_role("button", name="新しい人として登録").is_visible()

    intake = Intake.objects.unscoped("test: the intake taken in the browser").get()
    assert (intake.status, intake.urgency, intake.has_risk) == ("submitted", "high", True)
    assert (intake.consulter_relation, intake.person_age_band, intake.person_id) == (
        "mother",
        "40",
        None,
    )
    assert intake.answers["person_birth_date"] == {"year": 1985, "month": 4, "day": 1}
    assert page.csp_violations == []
