"""A counsellor assesses a case and asks for approval; a supervisor approves it; the counsellor
makes a second version and compares the two (the changed domain highlighted), then writes a
support plan in which the person's own goal comes first even though it was typed second."""

import datetime

import pytest
from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.jp.wareki import format_wareki
from tsunagu.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_assess_compare_and_plan(live_server, browser, world):
    case = world.home.case
    counsellor = world.user(Role.COUNSELLOR)
    context, page = sign_in(
        browser, live_server, counsellor, f"/staff/cases/{case.pk}/", width=1024
    )

    panel = page.locator("#assessment-plan")
    assert panel.get_by_text("まだありません").count() == 2
    panel.get_by_role("link", name="版の一覧").click()
    page.get_by_role("button", name="アセスメントを始める").click()
    page.wait_for_url("**/assessments/*/edit/")
    page.get_by_label("本人の希望（本人の言葉で）").fill("人と話すのは怖いけど、絵の仕事がしたい")
    page.get_by_label("自律に向けた目標（本人の言葉で）").fill("まず図書館に行ってみる")
    economy = page.locator(".domain-row", has_text="家計・債務")
    economy.get_by_label("重度", exact=True).check()
    economy.get_by_label("家計・債務の所見").fill("親の年金だけで暮らしている")
    page.get_by_role("button", name="保存する").click()
    page.wait_for_url("**/assessments/*/")
    assert page.get_by_text("アセスメントを保存しました。").is_visible()
    assert page.get_by_text("まず図書館に行ってみる").is_visible()

    page.get_by_label("申請の補足（任意）").fill("初回のアセスメントです")
    page.get_by_role("button", name="承認を依頼する").click()
    assert page.get_by_text("承認を依頼しました。").is_visible()
    assert page.get_by_role("link", name="編集する").count() == 0  # frozen while it waits

    supervisor = world.user(Role.SUPERVISOR)
    detail = page.url.removeprefix(live_server.url)
    sup_context, sup_page = sign_in(browser, live_server, supervisor, detail, width=1024)
    sup_page.get_by_role("link", name="承認・差し戻しを判断する").click()
    sup_page.get_by_role("button", name="承認する").click()
    sup_page.goto(page.url)
    assert sup_page.locator("h1").get_by_text("承認済み").is_visible()
    sup_context.close()

    page.reload()
    assert page.locator("h1").get_by_text("承認済み").is_visible()
    assert page.locator("#approval-history").get_by_text("承認", exact=True).is_visible()
    page.get_by_role("link", name="版の一覧").click()
    page.get_by_role("button", name="新しい版を作成（最新の版を写す）").click()
    page.wait_for_url("**/assessments/*/edit/")
    assert (
        page.get_by_label("自律に向けた目標（本人の言葉で）").input_value()
        == "まず図書館に行ってみる"
    )
    economy = page.locator(".domain-row", has_text="家計・債務")
    assert economy.get_by_label("重度", exact=True).is_checked()  # copied from the first version
    economy.get_by_label("軽度", exact=True).check()
    economy.get_by_label("家計・債務の所見").fill("債務整理が終わった")
    page.get_by_role("button", name="保存する").click()
    page.wait_for_url("**/assessments/*/")
    page.get_by_role("link", name="前の版と比較").click()
    page.wait_for_url("**/compare/")
    changed = page.locator("tr.compare__row--changed[data-changed]")
    assert changed.count() == 1
    assert "家計・債務" in changed.inner_text() and "改善" in changed.inner_text()
    assert "債務整理が終わった" in changed.inner_text()

    page.goto(f"{live_server.url}/staff/cases/{case.pk}/")
    page.locator("#assessment-plan").get_by_role("link", name="計画の履歴").click()
    page.get_by_role("button", name="支援計画を作成する").click()
    page.wait_for_url("**/plans/*/edit/")
    goals = page.locator("#goals .domain-row")
    goals.nth(0).get_by_label("誰の目標か").select_option(label="家族の願い")
    goals.nth(0).get_by_label("目標", exact=True).fill("息子が安心して暮らせるように")
    goals.nth(1).get_by_label("誰の目標か").select_option(label="本人の目標")
    goals.nth(1).get_by_label("目標", exact=True).fill("週に一度は図書館に行く")
    # dates ahead of today, typed in 和暦 (a fixed date would fall in the past as the calendar
    # moves on, and a review date must not be past)
    today = timezone.localdate()
    review = format_wareki(today + datetime.timedelta(days=24))
    page.get_by_label("見直し予定日").fill(review)
    action = page.locator("#actions .domain-row").nth(0)
    action.get_by_label("支援の内容", exact=True).fill("月2回の訪問")
    action.get_by_label("担当（職員または機関）").select_option(label=str(counsellor))
    action.get_by_label("期限").fill(format_wareki(today + datetime.timedelta(days=30), "short"))
    page.get_by_role("button", name="保存する").click()
    page.wait_for_url("**/plans/*/")
    assert page.get_by_text("支援計画を保存しました。").is_visible()
    items = page.locator(".plan-goals li")
    assert "本人の目標" in items.nth(0).inner_text()
    assert "週に一度は図書館に行く" in items.nth(0).inner_text()
    assert "息子が安心して暮らせるように" in items.nth(1).inner_text()
    assert page.get_by_text(review).first.is_visible()
    context.close()
