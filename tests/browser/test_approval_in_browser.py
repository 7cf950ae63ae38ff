"""A worker requests a case's closure; the supervisor sees the count, opens the request from the
notification and approves; the worker sees the notification and finds the case closed."""

import pytest

from tsunagu.accounts.roles import Role
from tsunagu.people.models import Case
from tsunagu.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_closure_is_requested_approved_and_notified(live_server, browser, world):
    case = world.home.case
    worker = world.user(Role.COUNSELLOR)
    supervisor = world.user(Role.SUPERVISOR)

    # the worker asks for the closure on the status page
    w_context, w_page = sign_in(browser, live_server, worker, f"/staff/cases/{case.pk}/status/")
    w_page.get_by_label("終結理由").select_option(label="転居")
    w_page.get_by_label("理由・経過").fill("転居先の市の窓口へ引き継いだ")
    w_page.get_by_role("button", name="終結を申請する").click()
    w_page.wait_for_url(f"**/staff/cases/{case.pk}/")
    assert w_page.get_by_text("終結の承認を申請しました").is_visible()
    assert w_page.locator("#approval-history").get_by_text("承認待ち").is_visible()

    # the supervisor sees the count on the dashboard and in the header
    s_context, s_page = sign_in(browser, live_server, supervisor, "/staff/dashboard/")
    assert s_page.get_by_role("heading", name="承認待ち（1）").is_visible()
    header = s_page.get_by_test_id("notification-count")
    assert header.get_by_text("1", exact=True).is_visible()
    header.click()
    s_page.wait_for_url("**/staff/notifications/")
    s_page.get_by_role("button", name="ケースの終結の承認依頼が届きました").click()
    s_page.wait_for_url("**/staff/approvals/*/")
    assert s_page.get_by_text("転居先の市の窓口へ引き継いだ").is_visible()
    s_page.get_by_role("button", name="承認する").click()
    s_page.wait_for_url("**/staff/approvals/")
    assert s_page.get_by_text("を承認しました").is_visible()
    assert s_page.get_by_text("承認を待っている申請はありません。").is_visible()
    assert s_page.evaluate("document.documentElement.scrollWidth") <= 360
    s_context.close()

    # the worker sees the decision in the header and follows it to the closed case
    w_page.goto(f"{live_server.url}/staff/dashboard/")
    w_header = w_page.get_by_test_id("notification-count")
    assert w_header.get_by_text("1", exact=True).is_visible()
    w_header.click()
    w_page.get_by_role("button", name="ケースの終結の申請が承認されました").click()
    w_page.wait_for_url(f"**/staff/cases/{case.pk}/")
    assert w_page.locator("#approval-history").get_by_text("承認", exact=True).is_visible()
    assert w_page.get_by_test_id("notification-count").get_by_text("1", exact=True).count() == 0
    w_context.close()
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
