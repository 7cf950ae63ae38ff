"""Browser tests' helpers (Playwright; the fixtures live in tests/browser/conftest.py)."""

from __future__ import annotations

import time
from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from .world import PASSWORD, TOTP_SECRET

TOTP_PERIOD = 30
TOTP_MARGIN = 5  # seconds a code must stay valid: from typing it in to the server checking it


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The current TOTP code of `secret`, valid for at least TOTP_MARGIN more seconds: near the
    end of a period it waits for the next one (a code read at :29 and checked at :30 fails)."""
    left = TOTP_PERIOD - time.time() % TOTP_PERIOD
    if left < TOTP_MARGIN:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // TOTP_PERIOD))


def log_in(page: Any, base_url: str, user: Any, path: str) -> None:
    """Sign `user` in on `page` (password, then the world's TOTP code) on the way to `path`."""
    page.goto(f"{base_url}{path}")
    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url("**/2fa/authenticate/**")
    page.locator("input[name=code]").fill(totp_code())
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(f"**{path}")


def sign_in(browser: Any, live_server: Any, user: Any, path: str, *, width: int = 360) -> Any:
    """A new browser context `width` px wide, signed in as `user` (password, then the world's
    TOTP code) on the way to `path`; returns (context, page), the page at `path`."""
    context = browser.new_context(locale="ja-JP", viewport={"width": width, "height": 740})
    page = context.new_page()
    log_in(page, live_server.url, user, path)
    return context, page
