"""The signage screen in Chromium: full screen, large type; it moves to the next slide by
itself (the tiny script, and the <noscript> refresh when JavaScript is off), each move bringing
fresh content, so a withdrawn announcement leaves the screen; outside its hours it shows the
clock. TSUNAGU_SCREENSHOTS=1 writes docs/screenshots/signage-1920.png."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.utils import timezone

from tsunagu.programmes.models import Audience
from tsunagu.publicity import services, signage
from tsunagu.testing.publicity import make_announcement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SCREEN = {"width": 1920, "height": 1080}


@pytest.fixture
def screen(world, settings, monkeypatch):
    settings.TSUNAGU_SIGNAGE_HOURS = {"*": "00:00-23:59"}
    monkeypatch.setattr(signage, "SLIDE_SECONDS", 1)  # the live server runs in this process
    first = make_announcement(
        world.home,
        title="ひきこもり家族会のご案内",
        easy_summary="かぞく の あつまり が あります。",
        audience=Audience.FAMILY,
    )
    second = make_announcement(world.home, title="年末年始の相談窓口のお休み")
    return world.home.municipality.code, first, second


def test_the_screen_rotates_and_drops_a_withdrawn_announcement(live_server, browser, screen):
    code, first, second = screen
    page = browser.new_context(locale="ja-JP", viewport=SCREEN).new_page()
    page.goto(f"{live_server.url}/signage/{code}/")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == second.title  # the newest first
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)")
    assert size >= 64  # readable across a room
    if os.environ.get("TSUNAGU_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "signage-1920.png"))
    page.wait_for_url("**/?slide=1", timeout=5000)
    assert heading.inner_text() == first.title
    services.withdraw(second)
    page.wait_for_url("**/?slide=0", timeout=5000)  # round again: fresh from the server
    assert heading.inner_text() == first.title
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_without_javascript_the_screen_still_moves(live_server, browser, screen):
    code, first, second = screen
    context = browser.new_context(locale="ja-JP", viewport=SCREEN, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/signage/{code}/")
    assert page.get_by_role("heading", level=1).inner_text() == second.title
    page.wait_for_url("**/?slide=1", timeout=5000)  # the <noscript> meta refresh
    assert page.get_by_role("heading", level=1).inner_text() == first.title
    context.close()


def test_outside_its_hours_the_screen_shows_the_clock(live_server, browser, screen, settings):
    code, first, _second = screen
    # one minute that is not now, whatever the hour the suite runs at (local time)
    hours = "13:00-13:01" if timezone.localtime().hour < 12 else "01:00-01:01"
    settings.TSUNAGU_SIGNAGE_HOURS = {code: hours}
    page = browser.new_context(locale="ja-JP", viewport=SCREEN).new_page()
    page.goto(f"{live_server.url}/signage/{code}/")
    assert page.locator(".signage__clock").is_visible()
    assert first.title not in page.content()
