"""Playwright driving the system Chromium (/usr/bin/chromium) against Django's live server."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("TSUNAGU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API runs an event loop in this thread while it is started; Django then
    # refuses ORM calls made by the test itself (not by the server), which are safe here. The
    # browser is started per test so that no loop is left running when the database is flushed,
    # and the variable is unset again before any other test (or its subprocesses) runs.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: .ci/run installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda msg: (
            page.csp_violations.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _fresh_cache():
    # allauth refuses a TOTP code already used by the same user id within its period; the live
    # server shares this process's cache, and ids repeat after a flush, so each test starts clean.
    from django.core.cache import cache

    cache.clear()
