"""Steps several browser walks share."""

from tsunagu.testing.world import PASSWORD


def log_in(page, live_server, user) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url("**/staff/")


def plan_and_record_visit(page) -> None:
    """From the case page: an outreach home visit planned with a safety note, then recorded
    (nobody came out; a letter was left); ends on the contact log."""
    page.get_by_role("link", name="訪問を予定").click()
    page.wait_for_url("**/visits/new/")
    page.get_by_label("訪問予定日時").fill("2026-12-01T10:00")
    page.get_by_label("安全上の注意").fill("玄関先で機関名を名乗らない")
    page.get_by_role("button", name="予定する").click()
    page.get_by_role("link", name="この訪問を記録").click()
    page.wait_for_url("**/record/")
    page.get_by_label("対応した相手").select_option(label="手紙・メモを置いた")
    page.get_by_label("概要").fill("本人は出てこず、母と玄関で話した。手紙を置いた。")
    page.get_by_role("button", name="訪問を記録する").click()
    page.wait_for_url("**/contacts/")
    log = page.locator("section[aria-labelledby=log-h]")
    assert "手紙・メモを置いた" in log.inner_text() and "訪問" in log.inner_text()
