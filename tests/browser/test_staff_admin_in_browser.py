"""A 自治体管理者 invites a staff member, deactivates another, and filters the audit log to
see both — in Chromium, through the real login with two-factor authentication."""

import pytest

from tsunagu.accounts.models import Membership, User
from tsunagu.accounts.roles import Role
from tsunagu.testing.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_invites_deactivates_and_filters_the_audit_log(live_server, page, world):
    admin = world.user(Role.MUNICIPALITY_ADMIN)
    leaving = world.user(Role.RECEPTION)
    log_in(page, live_server.url, admin, "/staff/admin/staff/")

    # invite: an error first (a reception member needs a window), then the one-time link
    page.get_by_role("link", name="職員を招待する").click()
    page.get_by_label("ユーザー名（ログインに使います）").fill("hino_new")
    page.locator("input[name=display_name]").fill("日野 新人")
    page.locator("select[name=role]").select_option(Role.RECEPTION.value)
    page.get_by_role("button", name="招待する").click()
    assert page.get_by_text("この役割には所属窓口が必要です。").first.is_visible()
    page.locator("select[name=window]").select_option(str(world.home.window.pk))
    page.get_by_role("button", name="招待する").click()
    link = page.get_by_label("パスワード設定のリンク").input_value()
    assert "/accounts/set-password/" in link
    assert Membership.objects.get(user__username="hino_new").window == world.home.window

    # deactivate another member
    page.goto(f"{live_server.url}/staff/admin/staff/")
    page.get_by_role("link", name=str(leaving)).click()
    page.get_by_role("button", name="この自治体での所属を無効にする").click()
    assert page.get_by_text(f"{leaving} さんを無効にしました。").is_visible()
    assert not User.objects.get(pk=leaving.pk).is_active

    # the audit log, filtered by the administrator and a date range, shows both changes
    page.get_by_role("link", name="監査ログ").first.click()
    page.get_by_label("職員（ユーザー名）").fill(admin.username)
    page.get_by_label("操作").select_option("update")
    page.get_by_role("button", name="絞り込む").click()
    rows = page.locator("table tbody tr")
    assert rows.filter(has_text="accounts.membership").filter(has_text="is_active").count() >= 1
    page.get_by_label("操作").select_option("create")
    page.get_by_label("期間（から）").fill("2000-01-01")
    page.get_by_role("button", name="絞り込む").click()
    assert rows.filter(has_text="accounts.membership").count() >= 1
    page.get_by_label("期間（まで）").fill("1999-12-31")
    page.get_by_role("button", name="絞り込む").click()
    assert page.get_by_text("期間の開始日は終了日より前にしてください。").first.is_visible()

    # the new member sets a password on the one-time link
    other = page.context.browser.new_context(locale="ja-JP")
    newcomer = other.new_page()
    newcomer.goto(link)
    newcomer.locator("input[name=new_password1]").fill("a-long-enough-passphrase-42")
    newcomer.locator("input[name=new_password2]").fill("a-long-enough-passphrase-42")
    newcomer.get_by_role("button", name="パスワードを設定する").click()
    newcomer.wait_for_url("**/accounts/login/")
    assert User.objects.get(username="hino_new").has_usable_password()
    other.close()
