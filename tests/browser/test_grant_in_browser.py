"""A supervisor ends a counsellor's access grant on the case page, at phone width; from that
moment the counsellor's API token answers 404 for the case."""

import pytest

from tsunagu.accounts.roles import Role
from tsunagu.testing.api import issue_test_token
from tsunagu.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_end_a_grant_on_the_case_page(live_server, browser, world):
    import urllib.error
    import urllib.request

    case = world.home.case
    contracted = world.user(Role.CONTRACTED_COUNSELLOR)
    raw = issue_test_token(contracted, name="browser test")[1]

    def api_status() -> int:
        request = urllib.request.Request(  # noqa: S310 (the live server on 127.0.0.1)
            f"{live_server.url}/api/v1/cases/{case.pk}", headers={"Authorization": f"Bearer {raw}"}
        )
        try:
            with urllib.request.urlopen(request) as response:  # noqa: S310 (the live server)
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    assert api_status() == 200
    supervisor = world.user(Role.SUPERVISOR)
    context, page = sign_in(browser, live_server, supervisor, f"/staff/cases/{case.pk}/")

    grants = page.locator("section.grants")
    assert grants.get_by_role("heading", name="このケースへのアクセス権").is_visible()
    row = grants.locator("tr", has_text=str(contracted))
    row.get_by_role("link", name="終了する").click()
    page.wait_for_url("**/staff/grants/*/end/")
    page.get_by_role("button", name="アクセス権を終了する").click()
    assert "終了する理由を入力してください。" in page.content()  # the reason is required
    page.get_by_label("終了する理由").fill("支援の終結のため")
    page.get_by_role("button", name="アクセス権を終了する").click()
    page.wait_for_url(f"**/staff/cases/{case.pk}/")
    assert page.get_by_text("アクセス権を終了しました。").is_visible()
    assert grants.locator("tr", has_text=str(contracted)).count() == 0
    # no horizontal scrolling at 360 px (wide tables scroll inside their own box)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
    assert api_status() == 404
