"""Every public page in headless Chromium (tsunagu/testing/public_pages.py finds them from the URL
resolver and the pages' links, so pages added later are covered):

- axe-core, injected from the file bundled in axe-playwright-python (no download), with the
  WCAG 2.0/2.1/2.2 A and AA rules (JIS X 8341-3:2016 AA is WCAG 2.0 AA): zero violations;
- at 360 px wide no page scrolls sideways;
- the navigator can be used from start to result with the keyboard alone.

TSUNAGU_SCREENSHOTS=1 writes the axe results (docs/screenshots/axe-public-pages.json) and the
navigator result for a parent asking about a 45-year-old in 国立市 (navigator-result-360.png).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import axe_playwright_python
import pytest

from tsunagu.testing.public_pages import discover, html_pages, load_demo_as_served

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 360, "height": 740}
WIDE = """() => {
  const root = document.documentElement;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1)
    .filter(e => !e.closest('.table-scroll, .visually-hidden'))
    .slice(0, 5).map(e => e.tagName + '.' + e.className);
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide};
}"""


def run_axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


def _output_folder(tmp_path: Path) -> Path:
    folder = SCREENSHOTS if os.environ.get("TSUNAGU_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_every_public_page_passes_axe_and_fits_a_phone(live_server, browser, tmp_path):
    load_demo_as_served()
    urls = html_pages(discover(per_route=2))
    assert "/navi/" in urls and "/" in urls and any(u.startswith("/navi/result/") for u in urls)
    # axe needs its script on the page: the CSP (script-src 'self' + nonce) is bypassed for it
    context = browser.new_context(locale="ja-JP", bypass_csp=True)
    page = context.new_page()
    page.set_content("<html><body><img src='x.png'><a href='/'></a></body></html>")
    assert {v["id"] for v in run_axe(page)} >= {"html-has-lang", "image-alt", "link-name"}
    phone = browser.new_context(locale="ja-JP", viewport=PHONE).new_page()
    violations: dict[str, list[dict]] = {}
    too_wide: dict[str, dict] = {}
    for url in urls:
        page.goto(live_server.url + url)
        found = run_axe(page)
        if found:
            violations[url] = found
        phone.goto(live_server.url + url)
        layout = phone.evaluate(WIDE)
        if layout["scrollWidth"] > layout["clientWidth"]:
            too_wide[url] = layout
    report = {"tags": TAGS, "pages": urls, "violations": violations}
    (_output_folder(tmp_path) / "axe-public-pages.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    context.close()
    assert violations == {}
    assert too_wide == {}


def _tab_to(page, test: str, limit: int = 60) -> None:
    """Press Tab until `test` (a JS expression over `e`, the focused element) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const e = document.activeElement; return {test}; }})()"):
            return
    raise AssertionError(f"never reached by Tab: {test}")


def test_the_navigator_with_the_keyboard_alone(live_server, browser, tmp_path):
    load_demo_as_served()
    page = browser.new_context(locale="ja-JP", viewport=PHONE).new_page()
    page.goto(live_server.url + "/navi/")
    _tab_to(page, "e.textContent.trim() === 'はじめる'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/navi/municipality/")
    # the exit button is reachable by keyboard before the question
    _tab_to(page, "e.hasAttribute('data-exit-this-page')")
    _tab_to(page, "e.name === 'm'")
    for _ in range(20):  # arrow keys move through the radios, checking each
        if page.evaluate("document.activeElement.value") == "132152":
            break
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.checked")
    _tab_to(page, "e.type === 'submit'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/navi/asker/**")
    _tab_to(page, "e.name === 'who'")
    page.keyboard.press("ArrowDown")  # 本人 → 家族
    assert page.evaluate("document.activeElement.value") == "family"
    _tab_to(page, "e.type === 'submit'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/navi/age/**")
    _tab_to(page, "e.id === 'age'")
    page.keyboard.type("45")
    page.keyboard.press("Enter")
    page.wait_for_url("**/navi/worries/**")
    _tab_to(page, "e.type === 'checkbox' && e.value === 'job'")
    page.keyboard.press("Space")
    _tab_to(page, "e.type === 'submit'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/navi/result/**")
    assert page.get_by_role("heading", level=1).inner_text() == "相談できる窓口"
    assert page.get_by_role(
        "link", name="ふくふく窓口（健康福祉部・生活困窮者自立相談支援機関）"
    ).is_visible()
    assert "age=45" in page.url and "who=family" in page.url and "topic=job" in page.url
    page.screenshot(path=str(_output_folder(tmp_path) / "navigator-result-360.png"), full_page=True)
    # Back (the link) returns to the last question with the answer kept
    _tab_to(page, "e.classList.contains('back-link')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/navi/worries/**")
    assert page.locator("input[value=job]").is_checked()
