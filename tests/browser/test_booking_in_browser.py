"""Booking in Chromium: a slot booked with the keyboard alone (the proof of work runs in the
page's script), then cancelled from the manage link; without JavaScript the same form books
after the short wait. TSUNAGU_SCREENSHOTS=1 writes docs/screenshots/booking-made-360.png and
booking-cancelled-360.png."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.core import mail

from tsunagu.booking import guard
from tsunagu.booking.models import Booking
from tsunagu.testing.booking import make_rule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 360, "height": 800}


def _tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the focused element matches `selector` (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached with Tab")


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _folder(tmp_path: Path) -> Path:
    folder = SCREENSHOTS if os.environ.get("TSUNAGU_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_book_and_cancel_with_the_keyboard_alone(live_server, browser, world, tmp_path):
    window = world.home.window
    # the first free slot is at least two hours ahead whatever the time of day, so the one-hour
    # cancel cut-off has not passed when the link is opened
    make_rule(window, cancel_cutoff_hours=1, min_notice_hours=2)
    context = browser.new_context(locale="ja-JP", viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/booking/{window.municipality.code}/{window.slug}/")
    assert _fits(page)
    _tab_to(page, "[data-exit-this-page]")  # the exit button comes first
    _tab_to(page, "a.slot--free")
    page.keyboard.press("Enter")
    page.wait_for_selector("form[data-pow]")
    _tab_to(page, "input[name=nickname]")
    page.keyboard.type("みかん")
    _tab_to(page, "input[name=contact_method]")
    page.keyboard.press("Space")  # メール
    _tab_to(page, "input[name=contact]")
    page.keyboard.type("mikan@example.jp")
    _tab_to(page, "input[name=consulter]")
    page.keyboard.press("ArrowDown")  # 本人 → 家族
    _tab_to(page, "input[name=mode]")
    page.keyboard.press("Space")  # 来所
    _tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/booking/manage/**")
    assert page.get_by_text("予約を受け付けました").is_visible()
    assert _fits(page)
    folder = _folder(tmp_path)
    page.screenshot(path=str(folder / "booking-made-360.png"), full_page=True)
    booking = Booking.objects.unscoped("test").get()
    assert (booking.nickname, booking.consulter, booking.mode) == ("みかん", "family", "in_person")

    _tab_to(page, "button.button--danger")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=この予約はキャンセルされました。")
    page.screenshot(path=str(folder / "booking-cancelled-360.png"), full_page=True)
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert [m.subject.split("（")[0] for m in mail.outbox] == [
        "ご相談の予約を受け付けました",
        "ご相談の予約をキャンセルしました",
    ]
    context.close()


def test_without_javascript_the_form_books_after_a_wait(live_server, browser, world, monkeypatch):
    window = world.home.window
    make_rule(window)
    context = browser.new_context(locale="ja-JP", java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/booking/{window.municipality.code}/{window.slug}/")
    page.locator("a.slot--free").first.click()
    page.get_by_label("お名前（ニックネームでかまいません）").fill("ゆず")
    page.get_by_label("電話", exact=True).first.check()
    page.get_by_label("メールアドレスまたは電話番号").fill("090-1234-5678")
    page.get_by_label("本人", exact=True).check()
    page.locator("input[name=mode]").first.check()
    page.get_by_role("button", name="予約する").click()
    assert page.get_by_text("秒ほど待ってから").is_visible()
    later = time.time() + guard.NO_SCRIPT_WAIT_SECONDS + 1
    monkeypatch.setattr(guard.time, "time", lambda: later)
    page.get_by_role("button", name="予約する").click()
    assert page.get_by_text("予約を受け付けました").is_visible()
    assert Booking.objects.unscoped("test").get().contact == "+819012345678"
    context.close()
