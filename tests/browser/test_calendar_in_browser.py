"""The public calendar on a phone (Chromium, 360 px, JavaScript off): 国立市's month shows
ここから and からふらっと, a parent opens a session and the programme page, nothing scrolls
sideways, and axe-core (the copy bundled with axe-playwright-python, injected from the package
file, nothing downloaded) finds no violation on any calendar page."""

from __future__ import annotations

import json
from pathlib import Path

import axe_playwright_python
import pytest

from tsunagu.testing.calendar import KUNITACHI, build_kunitachi

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_JS = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 360, "height": 740}
FITS = """() => ({scroll: document.documentElement.scrollWidth,
                 client: document.documentElement.clientWidth})"""


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page; the script is evaluated through the DevTools protocol, so the
    page's own Content-Security-Policy (no inline scripts) does not stand in the way."""
    page.evaluate(AXE_JS)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]


@pytest.fixture
def phone(browser):
    # JavaScript off: the public calendar must be readable without it (axe runs through the
    # DevTools protocol, which works either way).
    context = browser.new_context(locale="ja-JP", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def test_kunitachi_calendar_on_a_phone(phone, live_server):
    data = build_kunitachi()
    month = f"{data.next_month:%Y-%m}"
    phone.goto(f"{live_server.url}/calendar/?municipality={KUNITACHI}&month={month}")
    assert phone.get_by_role("heading", level=1).inner_text() == "プログラム・居場所・家族会の予定"
    main = phone.locator("main")
    assert main.get_by_role("link", name="ここから 定例会").count() == 1
    assert main.get_by_role("link", name="からふらっと「陶芸」").count() == 1
    assert "中止" in main.inner_text()
    fits = phone.evaluate(FITS)
    assert fits["scroll"] <= fits["client"], fits

    # The filter works without JavaScript: 家族向け only.
    phone.get_by_label("対象").select_option("family")
    phone.get_by_role("button", name="この条件で表示").click()
    phone.wait_for_url("**audience=family**")
    assert main.get_by_role("link", name="ここから 定例会").count() == 1
    assert main.get_by_role("link", name="からふらっと「陶芸」").count() == 0

    # A parent opens the session, then the programme page.
    main.get_by_role("link", name="ここから 定例会").click()
    assert phone.get_by_role("heading", name="はじめての方・見学").count() == 1
    phone.get_by_role("link", name="ここから 定例会").last.click()
    assert phone.get_by_role("heading", name="次の予定").count() == 1
    fits = phone.evaluate(FITS)
    assert fits["scroll"] <= fits["client"], fits


def test_calendar_pages_have_no_axe_violations(browser, live_server):
    data = build_kunitachi()
    context = browser.new_context(locale="ja-JP", viewport=PHONE)
    page = context.new_page()
    urls = [
        f"/calendar/?municipality={KUNITACHI}&month={data.next_month:%Y-%m}",
        "/calendar/?audience=anyone",  # the empty month
        f"/calendar/programmes/{data.kokokara.pk}/",
        f"/calendar/programmes/{data.karafurat.pk}/",
        f"/calendar/sessions/{data.upcoming[0].pk}/",
        f"/calendar/sessions/{data.cancelled.pk}/",
        f"/calendar/sessions/{data.held[0].pk}/",
    ]
    found = {}
    for url in urls:
        page.goto(live_server.url + url)
        violations = axe_violations(page)
        if violations:
            found[url] = violations
        fits = page.evaluate(FITS)
        assert fits["scroll"] <= fits["client"], (url, fits)
    context.close()
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


def test_axe_check_really_finds_violations(browser):
    """Positive control: the same check reports a missing label and a missing alt text."""
    context = browser.new_context(locale="ja-JP", viewport=PHONE)
    page = context.new_page()
    page.set_content('<html lang="ja"><body><main><img src="x.png"><input></main></body></html>')
    ids = {v["id"] for v in axe_violations(page)}
    context.close()
    assert {"image-alt", "label"} <= ids
