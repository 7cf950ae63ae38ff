"""Phones: at 360 px the intake sheet, the case page, the search page and the dashboard do not
scroll sideways (the household tables become stacked rows), and no sticky bar takes more than a
sixth of the screen height. Also writes the case page's screenshots at 1280 and 360 px into
docs/screenshots/ when TSUNAGU_SCREENSHOTS=1 (else into a temporary directory, so that a test
run leaves the tree clean); they are kept small: the first screen of the case only, PNG.

    TSUNAGU_SCREENSHOTS=1 uv run pytest -p no:randomly tests/browser/test_phone_layout.py
"""

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.intake.form_services import install_default_sheet
from tsunagu.intake.models import Intake
from tsunagu.people.models import Case
from tsunagu.people.services import change_engagement, change_status
from tsunagu.testing.browser import log_in
from tsunagu.testing.contacts import bulk_timeline, make_contact, make_visit
from tsunagu.testing.intake import take_intake
from tsunagu.testing.people import (
    make_case,
    make_household,
    make_person,
    parents_8050,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 360, "height": 740}

# Elements wider than the page, and every sticky or fixed element with its height.
LAYOUT = """() => {
  const root = document.documentElement;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1)
    .filter(e => !e.closest('.table-scroll, .visually-hidden'))
    .slice(0, 5).map(e => e.tagName + '.' + e.className);
  const sticky = [...document.querySelectorAll('body *')]
    .filter(e => ['sticky', 'fixed'].includes(getComputedStyle(e).position))
    .filter(e => e.getBoundingClientRect().height > 0)
    .map(e => [e.tagName + '.' + e.className, e.getBoundingClientRect().height]);
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth,
          innerHeight: window.innerHeight, wide, sticky};
}"""


def _assert_fits(page, what: str) -> None:
    layout = page.evaluate(LAYOUT)
    assert layout["scrollWidth"] <= layout["clientWidth"], (what, layout)
    for name, height in layout["sticky"]:
        assert height <= layout["innerHeight"] / 6, (what, name, height, layout["innerHeight"])


def _casework(world) -> Case:
    case = world.home.case
    counsellor = world.user(Role.COUNSELLOR)
    make_household(case.person, parents_8050(78, 81, timezone.localdate()))
    # A history that agrees with the header: the changes go through the services.
    supervisor = world.user(Role.SUPERVISOR)
    change_status(supervisor, case, Case.Status.SUPPORT, reason="母親の相談から支援を開始")
    change_engagement(supervisor, case, "family_only", note="母親とは毎週電話")
    change_engagement(supervisor, case, "indirect", note="本人が手紙を受け取った")
    today = timezone.localdate()
    make_contact(
        case,
        staff=[counsellor],
        summary="母親から電話。本人は自室にいるが、夕食は一緒にとるようになったとのこと。"
        "次回は訪問の日程を相談する。",
        next_action="母に訪問日程を電話で確認",
        next_action_due=today - datetime.timedelta(days=3),
        occurred_at=timezone.now() - datetime.timedelta(days=10),
    )
    make_contact(
        case,
        staff=[counsellor],
        channel="visit",
        reached="person",
        summary="玄関先で本人と短く話せた。手紙は読んでいるとのこと。",
    )
    make_visit(case, staff=[counsellor], purpose="玄関先で本人に手紙を渡す")
    return case


def test_pages_fit_a_phone_and_the_case_page_screenshots(live_server, browser, world, tmp_path):
    install_default_sheet(world.home.municipality)
    supervisor = world.user(Role.SUPERVISOR)
    case = _casework(world)
    intake = take_intake(supervisor, world.home, submit=False)
    called = take_intake(world.user(Role.RECEPTION), world.home)  # the mother's call
    Intake.objects.unscoped("test: the call led to this case").filter(pk=called.pk).update(
        case=case, consent=Intake.Consent.GIVEN
    )
    case_path = f"/staff/cases/{case.pk}/"

    context = browser.new_context(locale="ja-JP", viewport=PHONE)
    page = context.new_page()
    log_in(page, live_server.url, supervisor, case_path)
    _assert_fits(page, "case page")
    assert (
        page.locator(".household tbody tr").first.evaluate("e => getComputedStyle(e).display")
        == "block"
    )  # the household table is stacked rows
    page.get_by_text("状況を変更").click()  # an action opens its form on a page of its own
    assert page.get_by_role("button", name="終結を申請する").is_visible()
    _assert_fits(page, "the status form's page")

    page.goto(f"{live_server.url}/staff/intake/{intake.pk}/")
    _assert_fits(page, "intake sheet")
    page.get_by_role("group", name="自傷・自殺念慮・企図").get_by_label("はい", exact=True).check()
    page.locator("#risk-guidance .alert").wait_for()
    _assert_fits(page, "intake sheet with the risk guidance")
    group = page.locator("table.intake-group tbody tr").first
    assert group.evaluate("e => getComputedStyle(e).display") == "block"

    page.goto(f"{live_server.url}/staff/search/")
    page.get_by_label("氏名・フリガナ・生年月日・電話番号").fill("ヤマダ")
    page.get_by_role("button", name="検索").click()
    page.locator("#search-results table").wait_for()
    _assert_fits(page, "search page")

    page.goto(f"{live_server.url}/staff/dashboard/")
    _assert_fits(page, "dashboard")

    # 「もっと見る」 appends the next entries in place (HTMX), the URL stays the case's
    long = make_case(make_person(world.home.municipality), world.home.window)
    bulk_timeline(long, 45)
    page.goto(f"{live_server.url}/staff/cases/{long.pk}/")
    entries = page.locator(".timeline__entry")
    assert entries.count() == 30
    page.get_by_role("link", name="もっと見る").click()
    page.locator(".timeline__entry").nth(44).wait_for()
    assert entries.count() == 45 and page.get_by_role("link", name="もっと見る").count() == 0
    assert page.url.endswith(f"/staff/cases/{long.pk}/")
    _assert_fits(page, "case page with 45 entries")

    folder = SCREENSHOTS if os.environ.get("TSUNAGU_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    for width, height in ((360, 740), (1280, 900)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(live_server.url + case_path)
        page.evaluate(
            "document.getElementById('case-h').scrollIntoView()"
        )  # the case, not the menu
        shot = folder / f"case-page-{width}.png"
        page.screenshot(path=str(shot))
        assert 0 < shot.stat().st_size < 250_000
    context.close()
