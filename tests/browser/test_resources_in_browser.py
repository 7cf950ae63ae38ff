"""The resource directory in Chromium: the map draws its pins with the vendored Leaflet and no
tiles (nothing is fetched from outside), the page fits 360 px, and without JavaScript the list
is the page. TSUNAGU_SCREENSHOTS=1 writes docs/screenshots/resources-map-360.png."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from tsunagu.testing.resources import add_resources

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_map_without_tiles_and_list_without_javascript(live_server, browser, world, tmp_path):
    add_resources(world)
    context = browser.new_context(locale="ja-JP", viewport={"width": 360, "height": 800})
    page = context.new_page()
    hosts = set()
    page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))
    violations = []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )
    page.goto(f"{live_server.url}/resources/map/")
    page.wait_for_selector(".leaflet-marker-icon")
    # ホーム's and アウェイ's centres share one address: one pin lists both, so no two touch
    # targets overlap; the hidden 居場所 (same area) has no pin at all.
    marker = page.locator(".leaflet-marker-icon")
    assert marker.count() == 1
    assert (
        marker.get_attribute("title") == "ホーム若者就労支援センター、アウェイ若者就労支援センター"
    )
    marker.click()
    popup = page.locator(".leaflet-popup .resource-map__list a")
    assert popup.all_inner_texts() == ["ホーム若者就労支援センター", "アウェイ若者就労支援センター"]
    assert "居場所" not in page.locator("#resource-map").inner_text()
    assert page.locator(".leaflet-tile").count() == 0
    assert hosts == {urlsplit(live_server.url).netloc}
    assert violations == []
    assert _fits(page)
    folder = SCREENSHOTS if os.environ.get("TSUNAGU_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "resources-map-360.png"), full_page=False)
    for path in ("/resources/", f"/resources/{world.home.hidden_service.pk}/"):
        page.goto(live_server.url + path)
        assert _fits(page), path
    context.close()

    no_js = browser.new_context(locale="ja-JP", java_script_enabled=False)
    page = no_js.new_page()
    page.goto(f"{live_server.url}/resources/map/")
    assert page.locator("#resource-map").is_hidden()
    assert page.get_by_text("ホーム若者就労支援センター").first.is_visible()
    page.goto(f"{live_server.url}/resources/")
    page.get_by_label("ことばでさがす").fill("いばしょ")
    page.get_by_role("button", name="この条件でさがす").click()
    assert page.get_by_role("link", name="ホームの居場所").is_visible()
    assert page.get_by_role("link", name="ホーム若者就労支援センター").count() == 0
    no_js.close()
