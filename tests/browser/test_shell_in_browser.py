"""The UI shell in a real browser: public home, login with TOTP, staff home, no CSP violations."""

import pytest

from tsunagu.accounts.roles import Role
from tsunagu.testing.browser import totp_code
from tsunagu.testing.world import PASSWORD, TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_home_lists_municipalities_and_windows(live_server, page, world):
    page.goto(live_server.url + "/")
    assert page.locator("h2", has_text="八王子市").is_visible()
    assert page.get_by_role("link", name="八王子市相談窓口").is_visible()
    assert page.evaluate("typeof window.htmx") == "object"  # vendored htmx loaded under CSP
    assert page.csp_violations == []


def test_staff_login_with_totp_reaches_staff_home(live_server, page, world):
    user = world.user(Role.SUPERVISOR)
    secret = TOTP_SECRET  # every world user's authenticator

    page.goto(live_server.url + "/staff/")
    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url("**/2fa/authenticate/**")
    page.locator("input[name=code]").fill(totp_code(secret))
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/staff/")
    assert page.get_by_role("heading", name="職員ホーム").is_visible()
    # The supervisor sees both cases of their municipality, never the other municipality's.
    assert page.get_by_role("link", name=f"#{world.home.case.pk}").is_visible()
    assert "漏洩検知" not in page.content()

    page.get_by_role("link", name=f"#{world.home.case.pk}").click()
    assert page.get_by_role("heading", name="この記録を閲覧した職員").is_visible()
    assert user.username in page.locator(".access-log").inner_text()
    assert page.csp_violations == []


def test_wrong_password_shows_japanese_error(live_server, page, world):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("ユーザー名").fill(world.user(Role.COUNSELLOR).username)
    page.get_by_label("パスワード").fill("wrong-password-123")
    page.get_by_role("button", name="ログイン").click()
    assert page.get_by_role("alert").first.is_visible()
    assert "正しくありません" in page.content()
