"""Queues at phone width (360 px): reception hands a case off to a contracted counsellor, the
counsellor accepts and lands on the case; a supervisor opens the team view from the dashboard
and follows a row to its case."""

import pytest

from tsunagu.accounts.roles import Role
from tsunagu.testing.browser import sign_in
from tsunagu.testing.people import make_case, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "母親（78歳）からの電話。本人52歳。訪問での関わりをお願いします。"


def _no_horizontal_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_reception_hands_off_and_the_counsellor_lands_on_the_case(live_server, browser, world):
    home = world.home
    person = make_person(home.municipality, family_name="日野", given_name="一男")
    case = make_case(person, home.window)
    contracted = world.user(Role.CONTRACTED_COUNSELLOR)
    case_path = f"/staff/cases/{case.pk}/"

    context, page = sign_in(browser, live_server, world.user(Role.RECEPTION), case_path)
    page.get_by_role("link", name="引き継ぎ・アクセス権の付与").click()
    page.wait_for_url(f"**{case_path}handoff/")
    page.get_by_label("引き継ぎ先").select_option(f"user:{contracted.pk}")
    page.get_by_label("申し送り事項").fill(NOTE)
    _no_horizontal_scroll(page)
    page.get_by_role("button", name="引き継ぎを依頼する").click()
    page.wait_for_url(f"**{case_path}")
    assert page.get_by_text("引き継ぎを依頼しました。").is_visible()
    _no_horizontal_scroll(page)
    context.close()

    context, page = sign_in(browser, live_server, contracted, "/staff/handoffs/")
    row = page.locator("tr", has_text=f"#{case.pk}")
    assert "日野" not in page.content()  # no case data before accepting
    row.get_by_role("link", name="回答する").click()
    page.get_by_role("button", name="受諾する").click()
    page.wait_for_url(f"**{case_path}")
    assert page.get_by_text("引き継ぎを受諾しました。").is_visible()
    assert page.get_by_role("heading", name=f"ケース #{case.pk}").is_visible()
    assert "日野" in page.content()
    _no_horizontal_scroll(page)
    context.close()


def test_supervisor_sees_the_team_view_and_takes_a_case(live_server, browser, world):
    home = world.home
    person = make_person(home.municipality, family_name="国立", given_name="次郎")
    case = make_case(person, home.window)
    context, page = sign_in(browser, live_server, world.user(Role.SUPERVISOR), "/staff/dashboard/")
    page.get_by_role("link", name="チームの状況を見る").click()
    page.wait_for_url("**/staff/dashboard/team/")
    section = page.locator("section", has=page.get_by_role("heading", name="未割当のケース（3）"))
    assert section.is_visible()
    link = section.get_by_role("link", name=f"ケース #{case.pk}（国立 次郎）")
    _no_horizontal_scroll(page)
    stages = page.locator("section", has=page.get_by_role("heading", name="本人との関わりの段階"))
    assert stages.get_by_role("link", name="未接触").is_visible()
    link.click()
    page.wait_for_url(f"**/staff/cases/{case.pk}/")
    page.get_by_role("button", name="担当する").click()
    page.wait_for_url(f"**/staff/cases/{case.pk}/")
    assert page.get_by_text("このケースの主担当になりました。").is_visible()
    _no_horizontal_scroll(page)
    context.close()
