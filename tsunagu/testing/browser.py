"""Browser tests' helpers (Playwright; the fixtures live in tests/browser/conftest.py)."""

from __future__ import annotations

import time
from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from .world import PASSWORD, TOTP_SECRET


def sign_in(browser: Any, live_server: Any, user: Any, path: str, *, width: int = 360) -> Any:
    """A new browser context `width` px wide, signed in as `user` (password, then the world's
    TOTP code) on the way to `path`; returns (context, page), the page at `path`."""
    context = browser.new_context(locale="ja-JP", viewport={"width": width, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}{path}")
    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url("**/2fa/authenticate/**")
    code = format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))
    page.locator("input[name=code]").fill(code)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(f"**{path}")
    return context, page
